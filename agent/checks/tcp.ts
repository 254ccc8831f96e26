import net from 'node:net';
import { parseHostPort } from '../../lib/contracts/targets';
import { type CheckResult, describeNetworkError, elapsed } from './types';

/** A tcp check: up when a connection to host:port opens (IPv4 or IPv6). */
export function checkTcp(target: string, timeoutMs: number): Promise<CheckResult> {
  const address = parseHostPort(target);
  if (!address) return Promise.resolve({ status: 'error', errorMessage: `Not a host:port target: ${target}` });
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const socket = net.connect({ host: address.host, port: address.port });
    const finish = (result: CheckResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      finish({ status: 'timeout', latencyMs: elapsed(started), errorMessage: `No connection within ${timeoutMs / 1000} s` }),
    );
    socket.once('connect', () => finish({ status: 'up', latencyMs: elapsed(started) }));
    socket.once('error', (error) => finish({ status: 'down', latencyMs: elapsed(started), errorMessage: describeNetworkError(error) }));
  });
}
