import type { HeartbeatBatchResult } from '@/lib/contracts/heartbeats';
import { isDatabaseUnavailable } from '@/lib/db-errors';
import { AppError, type ErrorCode } from '@/lib/errors';
import { metrics } from '@/lib/observability/metrics';

// Ingest's outcomes in the server metrics: what was stored, what was a repeat, what was
// refused and why (a reason is one of a few fixed words, so the series stay few).

const REASONS: Partial<Record<ErrorCode, string>> = {
  UNAUTHORIZED: 'unauthorized',
  INVALID_INPUT: 'invalid',
  PAYLOAD_TOO_LARGE: 'too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  RATE_LIMITED: 'rate_limited',
  UNAVAILABLE: 'overloaded',
};

/** A batch that reached ingest, from an agent over HTTP or from the built-in agent. */
export function countHeartbeats(result: HeartbeatBatchResult): void {
  const m = metrics();
  m.heartbeats.inc({ result: 'accepted' }, result.accepted);
  m.heartbeats.inc({ result: 'duplicate' }, result.duplicates);
  if (result.rejected.length === 0) return;
  m.heartbeats.inc({ result: 'rejected' }, result.rejected.length);
  for (const { reason } of result.rejected) m.heartbeatRejections.inc({ reason });
}

/** A batch an agent posted and got its 202 for. */
export function countIngestedBatch(result: HeartbeatBatchResult, startedAt: number): void {
  metrics().ingestDuration.observe((performance.now() - startedAt) / 1000);
  countHeartbeats(result);
}

export function countRefusedBatch(error: unknown): void {
  const reason =
    error instanceof AppError ? (REASONS[error.code] ?? error.code.toLowerCase()) : isDatabaseUnavailable(error) ? 'database_unavailable' : 'internal';
  metrics().ingestRejections.inc({ reason });
}
