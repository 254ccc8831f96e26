import { z } from 'zod';
import { assertionResultSchema, MAX_ASSERTIONS } from './assertions';
import { certificateSchema } from './certificates';

// POST /api/v1/agent/heartbeats — one batch of check results (DESIGN.md, protocol v1).

export const HEARTBEAT_STATUSES = ['up', 'down', 'timeout', 'error'] as const;
export type HeartbeatStatus = (typeof HEARTBEAT_STATUSES)[number];
/** Where an agent posts its batches. */
export const HEARTBEATS_PATH = '/api/v1/agent/heartbeats';
export const MAX_BATCH_ITEMS = 1000;
export const MAX_BATCH_BYTES = 1024 * 1024;
export const MAX_ERROR_MESSAGE = 1000;

export const heartbeatSchema = z.object({
  monitorId: z.uuid(),
  /** When the check started: ISO-8601 with an offset. */
  time: z.iso.datetime({ offset: true }),
  status: z.enum(HEARTBEAT_STATUSES),
  latencyMs: z.int().min(0).max(3_600_000).optional(),
  /** Longer than 1000 characters is truncated, not refused. */
  errorMessage: z.string().optional(),
  /** Optional (agents before 1.1 send none): the monitor's assertions, in order, with the values found. */
  assertions: z.array(assertionResultSchema).max(MAX_ASSERTIONS).optional(),
  /** Optional: the certificate a TLS server presented (agents send it when it changes, and hourly). */
  certificate: certificateSchema.optional(),
});

export const heartbeatBatchSchema = z.object({
  heartbeats: z.array(heartbeatSchema).min(1).max(MAX_BATCH_ITEMS),
});

export const heartbeatBatchResultSchema = z.object({
  accepted: z.int().min(0),
  duplicates: z.int().min(0),
  rejected: z.array(z.object({ index: z.int().min(0), reason: z.enum(['unknown_monitor', 'out_of_range']) })),
});

export type Heartbeat = z.infer<typeof heartbeatSchema>;
export type HeartbeatBatch = z.infer<typeof heartbeatBatchSchema>;
export type HeartbeatBatchResult = z.infer<typeof heartbeatBatchResultSchema>;
