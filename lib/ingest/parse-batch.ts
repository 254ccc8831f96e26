import { type HeartbeatBatch, heartbeatSchema, MAX_BATCH_ITEMS } from '@/lib/contracts/heartbeats';
import { AppError, type ErrorDetail } from '@/lib/errors';

const MAX_DETAILS = 50;

/** A batch's JSON text → its heartbeats, or the 400/413 that refuses the whole batch. */
export function parseBatch(text: string): HeartbeatBatch['heartbeats'] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_INPUT', 'The body is not valid JSON.');
  }
  const list = (body as { heartbeats?: unknown } | null)?.heartbeats;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray(list)) {
    throw new AppError('INVALID_INPUT', 'The body must be an object with a "heartbeats" array.', {
      details: [{ field: 'heartbeats', message: 'must be an array of 1 to 1000 heartbeats' }],
    });
  }
  if (list.length === 0) {
    throw new AppError('INVALID_INPUT', 'The batch is empty.', { details: [{ field: 'heartbeats', message: 'must hold at least 1 heartbeat' }] });
  }
  if (list.length > MAX_BATCH_ITEMS) {
    throw new AppError('PAYLOAD_TOO_LARGE', `A batch holds at most ${MAX_BATCH_ITEMS} heartbeats; this one has ${list.length}.`);
  }
  const details: ErrorDetail[] = [];
  const heartbeats: HeartbeatBatch['heartbeats'] = [];
  list.forEach((item, index) => {
    const parsed = heartbeatSchema.safeParse(item);
    if (parsed.success) heartbeats.push(parsed.data);
    else for (const issue of parsed.error.issues) details.push({ index, field: issue.path.join('.') || 'heartbeat', message: issue.message });
  });
  if (details.length) {
    throw new AppError('INVALID_INPUT', `${details.length} problem(s) in the batch; nothing was stored.`, {
      details: details.slice(0, MAX_DETAILS),
    });
  }
  return heartbeats;
}
