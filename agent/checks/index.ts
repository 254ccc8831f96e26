import type { AgentMonitor } from '../../lib/contracts/agent-config';
import type { DnsOptions, HttpOptions, TlsOptions } from '../../lib/contracts/monitors';
import { checkDns } from './dns';
import { checkHttp } from './http';
import { checkPing } from './ping';
import { checkTcp } from './tcp';
import { checkTls } from './tls';
import type { CheckResult } from './types';

export type { CheckResult } from './types';

/** Run one monitor's check. A check never throws: a bug in it is an `error` result. */
export async function runCheck(monitor: AgentMonitor): Promise<CheckResult> {
  const timeoutMs = monitor.timeoutSeconds * 1000;
  try {
    switch (monitor.type) {
      case 'http':
        return await checkHttp(monitor.target, monitor.options as HttpOptions, timeoutMs);
      case 'tcp':
        return await checkTcp(monitor.target, timeoutMs);
      case 'ping':
        return await checkPing(monitor.target, timeoutMs);
      case 'dns':
        return await checkDns(monitor.target, monitor.options as DnsOptions, timeoutMs);
      case 'tls':
        return await checkTls(monitor.target, monitor.options as TlsOptions, timeoutMs);
    }
  } catch (error) {
    return { status: 'error', errorMessage: `The check failed inside the agent: ${error instanceof Error ? error.message : String(error)}` };
  }
}
