import type { ExportedHeartbeat } from '@/db/queries/timeseries';
import { csvLine } from '@/lib/csv';
import { log } from '@/lib/observability/log';

// A monitor's heartbeats streamed as CSV (the monitor page's export, the API) or NDJSON (the
// API), pulled as the client reads: the database cursor advances only as fast as the download.

export type HeartbeatFormat = 'csv' | 'ndjson';

const CSV_HEADER = ['time', 'status', 'latency_ms', 'error_message', 'location', 'degraded'];

function encodeRows(rows: ExportedHeartbeat[], format: HeartbeatFormat): string {
  if (format === 'csv') return rows.map((row) => csvLine([row.time.toISOString(), row.status, row.latencyMs, row.errorMessage, row.location, row.degraded ? 'yes' : 'no'])).join('');
  return rows
    .map((row) => `${JSON.stringify({ time: row.time.toISOString(), status: row.status, latencyMs: row.latencyMs, errorMessage: row.errorMessage, location: row.location, degraded: row.degraded })}\n`)
    .join('');
}

export function heartbeatStream(rows: AsyncGenerator<ExportedHeartbeat[]>, format: HeartbeatFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === 'csv') controller.enqueue(encoder.encode(csvLine(CSV_HEADER)));
    },
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(encodeRows(next.value, format)));
      } catch (error) {
        log.error('Heartbeat export failed.', { error });
        controller.error(error);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

export const CONTENT_TYPES: Record<HeartbeatFormat, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson' };
