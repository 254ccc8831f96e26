import { bigint, bigserial, integer, pgTable, primaryKey, smallint, timestamp, uuid } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';

// Per-monitor rollups of `heartbeats` (lib/rollups): what uptime and latency pages read
// instead of raw rows. Kept for ROLLUP_RETENTION_DAYS, longer than any plan's raw
// retention, so 90-day numbers stay right after the raw rows are gone. Latency figures
// cover `up` checks only (percentiles are over successful checks); the histogram is
// sparse: `histogram_buckets[i]` (lib/rollups/histogram.ts) holds `histogram_counts[i]` checks.
const rollupColumns = () => ({
  monitorId: uuid()
    .notNull()
    .references(() => monitors.id, { onDelete: 'cascade' }),
  /** Start of the hour or UTC day. */
  bucket: timestamp({ withTimezone: true }).notNull(),
  upCount: integer().notNull().default(0),
  downCount: integer().notNull().default(0),
  timeoutCount: integer().notNull().default(0),
  errorCount: integer().notNull().default(0),
  latencyCount: integer().notNull().default(0),
  latencySum: bigint({ mode: 'number' }).notNull().default(0),
  latencyMin: integer(),
  latencyMax: integer(),
  histogramBuckets: smallint().array().notNull().default([]),
  histogramCounts: integer().array().notNull().default([]),
});

export const monitorRollupsHourly = pgTable(
  'monitor_rollups_hourly',
  {
    ...rollupColumns(),
    /**
     * The newest heartbeat time counted. New rows all later than this are added to the hour;
     * anything else (a late row, an UPDATE) makes the refresh recount the hour.
     */
    countedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.bucket] })],
);

export const monitorRollupsDaily = pgTable('monitor_rollups_daily', rollupColumns(), (t) => [
  primaryKey({ columns: [t.monitorId, t.bucket] }),
]);

// Hours whose rollup must be brought up to date: a statement trigger on `heartbeats` appends
// one row per statement (INSERT, COPY or UPDATE, however the rows came) holding every
// (monitor, hour) it touched as three arrays of the same length and order.
// One row per statement, not per (monitor, hour): an ingest batch of 500 monitors writes one
// mark, and the refresh deletes one (lib/rollups/refresh.ts takes the marks and updates
// those hours from the raw rows).
export const rollupPending = pgTable('rollup_pending', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  monitorIds: uuid().array().notNull(),
  hours: timestamp({ withTimezone: true }).array().notNull(),
  /** For each (monitor, hour): the earliest heartbeat time the statement wrote there; -infinity for an UPDATE. */
  earliest: timestamp({ withTimezone: true }).array().notNull(),
  /** How many (monitor, hour) pairs the arrays hold. */
  pairs: integer().notNull(),
  /** When the mark was written (its transaction's start): the oldest one left is how far the rollups lag. */
  markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// Each monitor's numbers over the 24 hours before `as_of`, exactly as windowStats counts
// them at that moment (lib/rollups/summaries.ts): what the dashboard sorts by uptime and
// latency with, so that sorting 10,000 monitors is one indexed query, not a recount of all
// of them per request. The background leader recomputes every row from the rollups and the
// raw edge every 30 s, so rows of every write path, maintenance, retention and deletions
// (the foreign key's cascade) are in it within a minute.
export const monitorDaySummaries = pgTable('monitor_day_summaries', {
  monitorId: uuid()
    .primaryKey()
    .references(() => monitors.id, { onDelete: 'cascade' }),
  asOf: timestamp({ withTimezone: true }).notNull(),
  upCount: integer().notNull(),
  downCount: integer().notNull(),
  timeoutCount: integer().notNull(),
  errorCount: integer().notNull(),
  latencyCount: integer().notNull(),
  latencySum: bigint({ mode: 'number' }).notNull(),
});

export type MonitorRollup = typeof monitorRollupsHourly.$inferSelect;
export type NewMonitorRollup = typeof monitorRollupsHourly.$inferInsert;
export type RollupPending = typeof rollupPending.$inferSelect;
