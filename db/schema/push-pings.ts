import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, smallint, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';

// What reached a push monitor's ping URL, newest kept (lib/checks/push/ping.ts prunes to
// the last 100 per monitor): shown on the monitor page as "last output" and recent pings,
// and the starts of runs still open, which pair with their end (`?rid=`) for a duration.
export const pushPings = pgTable(
  'push_pings',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    time: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** success | start | fail | log */
    kind: varchar({ length: 10 }).notNull(),
    exitStatus: smallint(),
    /** The run id of `?rid=`, pairing a start with its end. */
    runId: uuid(),
    /** For a start: when its run ended (success, failure, or timed out); open while null. */
    endedAt: timestamp({ withTimezone: true }),
    /** For an end paired with its start: the run's duration. */
    durationMs: integer(),
    /** The request body, first 10 kB. */
    body: text(),
    sourceIp: varchar({ length: 64 }),
    /** Which endpoint: `ping` or `kuma` (`/api/push/<key>`). */
    via: varchar({ length: 10 }).notNull().default('ping'),
  },
  (t) => [
    index('push_pings_monitor_idx').on(t.monitorId, t.id.desc()),
    index('push_pings_open_runs_idx').on(t.monitorId, t.time).where(sql`${t.kind} = 'start' AND ${t.endedAt} IS NULL`),
  ],
);

export type PushPing = typeof pushPings.$inferSelect;
