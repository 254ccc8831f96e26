import { type SQL, sql } from 'drizzle-orm';

/**
 * Whether a monitor still sees the certificate of its `monitor_certificates` row `mc`:
 * reported within two days (agents send it again at least hourly). A certificate no
 * monitor sees any more (replaced, monitor paused or moved) drops off pages and warnings.
 */
export function certificateStillSeen(mc: SQL = sql.raw('mc')): SQL {
  return sql`${mc}.seen_at > now() - interval '2 days'`;
}
