import 'server-only';
import type postgres from 'postgres';
import type { Heartbeat } from '@/lib/contracts/heartbeats';
import { storableText } from './storable-text';

// What a check reported beside its status, kept with the batch that stored it (in its
// transaction): each monitor's newest assertion results and its certificate. Agents send
// them only when they changed (or now and then), so most batches write nothing here.

export interface StoredHeartbeat {
  monitorId: string;
  ms: number;
  heartbeat: Heartbeat;
  /** Microseconds added to the stored time: the position of a monitor's further location (lib/ingest/ingest-batch.ts storedTime). */
  micros?: number;
}

export async function keepCheckDetails(tx: postgres.TransactionSql, rows: StoredHeartbeat[]): Promise<void> {
  await keepNewestAssertions(tx, rows);
  await keepNewestCertificates(tx, rows);
}

/** Each monitor's newest row whose heartbeat `has` the detail. */
function newestPerMonitor(rows: StoredHeartbeat[], has: (heartbeat: Heartbeat) => boolean): Map<string, StoredHeartbeat> {
  const newest = new Map<string, StoredHeartbeat>();
  for (const row of rows) {
    if (!has(row.heartbeat)) continue;
    const kept = newest.get(row.monitorId);
    if (!kept || kept.ms < row.ms) newest.set(row.monitorId, row);
  }
  return newest;
}

/**
 * The assertion results of each monitor's newest check in the batch that has them, kept
 * unless a newer check's are already there. One statement, and none for a batch without.
 */
async function keepNewestAssertions(tx: postgres.TransactionSql, rows: StoredHeartbeat[]): Promise<void> {
  const newest = newestPerMonitor(rows, (heartbeat) => heartbeat.assertions !== undefined);
  if (newest.size === 0) return;
  const clean = (text: string | null | undefined) => (typeof text === 'string' ? storableText(text) : text);
  const items = [...newest.values()].map(({ monitorId, ms, heartbeat }) => ({
    monitor_id: monitorId,
    time: new Date(ms).toISOString(),
    results: heartbeat.assertions!.map((result) => ({ ...result, actual: clean(result.actual), message: clean(result.message) })),
  }));
  await tx`
    INSERT INTO monitor_assertion_results (monitor_id, time, results)
    SELECT t.monitor_id, t.time, t.results FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS t(monitor_id uuid, time timestamptz, results jsonb)
    ORDER BY t.monitor_id
    ON CONFLICT (monitor_id) DO UPDATE SET time = excluded.time, results = excluded.results
    WHERE monitor_assertion_results.time < excluded.time`;
}

/**
 * The certificate of each monitor's newest check in the batch that reported one: stored
 * once per fingerprint, made the monitor's current one unless a newer check's is there,
 * and a change (a renewal) recorded. Two statements, none for a batch without certificates.
 */
async function keepNewestCertificates(tx: postgres.TransactionSql, rows: StoredHeartbeat[]): Promise<void> {
  const newest = newestPerMonitor(rows, (heartbeat) => heartbeat.certificate !== undefined);
  if (newest.size === 0) return;
  const items = JSON.stringify(
    [...newest.values()].map(({ monitorId, ms, heartbeat }) => {
      const c = heartbeat.certificate!;
      return {
        monitor_id: monitorId,
        time: new Date(ms).toISOString(),
        fingerprint: c.fingerprint,
        subject: storableText(c.subject),
        sans: c.sans.map(storableText),
        issuer: storableText(c.issuer),
        serial: storableText(c.serial),
        not_before: c.notBefore,
        not_after: c.notAfter,
        chain_not_after: c.chainNotAfter,
      };
    }),
  );
  const columns = tx`t(monitor_id uuid, time timestamptz, fingerprint varchar, subject varchar, sans text[], issuer varchar, serial varchar, not_before timestamptz, not_after timestamptz, chain_not_after timestamptz)`;
  await tx`
    INSERT INTO certificates (fingerprint, subject, sans, issuer, serial, not_before, not_after, chain_not_after)
    SELECT DISTINCT ON (t.fingerprint) t.fingerprint, t.subject, t.sans, t.issuer, t.serial, t.not_before, t.not_after, t.chain_not_after
    FROM jsonb_to_recordset(${items}::jsonb) AS ${columns}
    ORDER BY t.fingerprint
    ON CONFLICT (fingerprint) DO NOTHING`;
  // The monitor's certificate before this statement, the upsert, and a change where it moved.
  await tx`
    WITH t AS (SELECT * FROM jsonb_to_recordset(${items}::jsonb) AS ${columns}),
    before AS (SELECT mc.monitor_id, mc.fingerprint FROM monitor_certificates mc WHERE mc.monitor_id IN (SELECT monitor_id FROM t)),
    kept AS (
      INSERT INTO monitor_certificates (monitor_id, fingerprint, since, seen_at)
      SELECT t.monitor_id, t.fingerprint, t.time, t.time FROM t ORDER BY t.monitor_id
      ON CONFLICT (monitor_id) DO UPDATE SET fingerprint = excluded.fingerprint, seen_at = excluded.seen_at,
        since = CASE WHEN monitor_certificates.fingerprint = excluded.fingerprint THEN monitor_certificates.since ELSE excluded.since END
      WHERE monitor_certificates.seen_at < excluded.seen_at
      RETURNING monitor_id, fingerprint, seen_at)
    INSERT INTO certificate_changes (monitor_id, time, previous_fingerprint, fingerprint)
    SELECT kept.monitor_id, kept.seen_at, before.fingerprint, kept.fingerprint
    FROM kept LEFT JOIN before USING (monitor_id)
    WHERE before.fingerprint IS DISTINCT FROM kept.fingerprint`;
}
