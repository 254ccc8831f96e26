import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { DnsOptions } from '../../lib/contracts/monitors';
import { parseHostPort } from '../../lib/contracts/targets';
import { type CheckResult, elapsed } from './types';

// A dns check: ask for one record type (from the given resolver, or the system's); up
// when there is an answer and, if an expected value is set, one answer contains it.

const RCODES: Record<string, string> = {
  ENOTFOUND: 'NXDOMAIN: the name does not exist',
  ESERVFAIL: 'SERVFAIL: the server failed to answer',
  EREFUSED: 'REFUSED: the server refused the query',
  ENODATA: 'NOERROR but no records of that type',
  EFORMERR: 'FORMERR: the server could not read the query',
  ECONNREFUSED: 'The resolver refused the connection',
};

async function answers(resolver: Resolver, name: string, type: DnsOptions['recordType']): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'MX':
      return (await resolver.resolveMx(name)).map((mx) => `${mx.priority} ${mx.exchange}`);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((parts) => parts.join(''));
  }
}

function resolverAddress(resolver: string): string {
  if (isIP(resolver)) return resolver;
  const hostPort = parseHostPort(resolver);
  if (!hostPort) return resolver;
  return isIP(hostPort.host) === 6 ? `[${hostPort.host}]:${hostPort.port}` : `${hostPort.host}:${hostPort.port}`;
}

export async function checkDns(target: string, options: DnsOptions, timeoutMs: number): Promise<CheckResult> {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (options.resolver) resolver.setServers([resolverAddress(options.resolver)]);
  const started = process.hrtime.bigint();
  try {
    const found = await answers(resolver, target, options.recordType);
    const latencyMs = elapsed(started);
    if (found.length === 0) return { status: 'down', latencyMs, errorMessage: `No ${options.recordType} records` };
    if (options.expectedValue && !found.some((answer) => answer.toLowerCase().includes(options.expectedValue!.toLowerCase()))) {
      return { status: 'down', latencyMs, errorMessage: `“${options.expectedValue}” not in the answers: ${found.join(', ').slice(0, 300)}` };
    }
    return { status: 'up', latencyMs };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ETIMEOUT') return { status: 'timeout', latencyMs: elapsed(started), errorMessage: `No answer within ${timeoutMs / 1000} s` };
    return { status: 'down', latencyMs: elapsed(started), errorMessage: RCODES[code] ?? `DNS error ${code}` };
  } finally {
    resolver.cancel();
  }
}
