import { integer, pgTable, text, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';

// A TimescaleDB hypertable on `time` when the extension is present (see
// drizzle/0003_heartbeats_hypertable.sql), a plain table otherwise. No primary key: the
// unique (monitor_id, time) makes ingest idempotent, and its b-tree also serves the
// `WHERE monitor_id = $1 ORDER BY time DESC` reads by scanning backwards, so a second
// (monitor_id, time DESC) index would only double the write cost of every heartbeat.
export const heartbeats = pgTable(
  'heartbeats',
  {
    time: timestamp({ withTimezone: true }).notNull(),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    agentId: uuid().notNull(),
    /** up | down | timeout | error */
    status: varchar({ length: 20 }).notNull(),
    latencyMs: integer(),
    errorMessage: text(),
  },
  (t) => [unique('heartbeats_monitor_id_time_key').on(t.monitorId, t.time)],
);

export type Heartbeat = typeof heartbeats.$inferSelect;
export type NewHeartbeat = typeof heartbeats.$inferInsert;
