import type { AssertionResult } from '../../lib/contracts/assertions';
import type { Certificate } from '../../lib/contracts/certificates';
import type { HeartbeatStatus } from '../../lib/contracts/heartbeats';

/** What one check found: the status, how long it took, and for a failure why, in a few words. */
export interface CheckResult {
  status: HeartbeatStatus;
  latencyMs?: number;
  errorMessage?: string;
  /** The monitor's assertions, in order, when it has any. */
  assertions?: AssertionResult[];
  /** The certificate a TLS server presented (https and tls checks). */
  certificate?: Certificate;
}

export const elapsed = (started: bigint) => Math.max(0, Math.round(Number(process.hrtime.bigint() - started) / 1e6));

/** A Node network error code in plain words. */
export function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code ?? (error as { cause?: NodeJS.ErrnoException })?.cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'Connection refused',
    ECONNRESET: 'Connection reset by the server',
    EHOSTUNREACH: 'Host unreachable',
    ENETUNREACH: 'Network unreachable',
    ENOTFOUND: 'Host name not found (DNS)',
    EAI_AGAIN: 'DNS lookup failed (temporary)',
    EPIPE: 'Connection closed by the server',
    UND_ERR_SOCKET: 'Connection closed by the server',
  };
  if (code && known[code]) return known[code];
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${message}` : message;
}
