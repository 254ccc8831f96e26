import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, smallint, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { monitors } from './monitors';

/** Which monitor and which of its agents: gone with either. */
const locationKey = () => ({
  monitorId: uuid()
    .notNull()
    .references(() => monitors.id, { onDelete: 'cascade' }),
  agentId: uuid()
    .notNull()
    .references(() => agents.id, { onDelete: 'cascade' }),
});

// A monitor checked from several agents ("locations", lib/ingest/quorum.ts). The seed's
// `monitors.agent_id` is the first location; the further ones are rows here. A monitor
// without rows here has one location and runs exactly as before.
export const monitorLocations = pgTable(
  'monitor_locations',
  {
    ...locationKey(),
    /**
     * 1, 2, …: also the microseconds added to this location's heartbeat times, so two
     * locations checking in the same millisecond never meet on UNIQUE (monitor_id, time).
     */
    position: smallint().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.monitorId, t.agentId] }),
    uniqueIndex('monitor_locations_position_key').on(t.monitorId, t.position),
    index('monitor_locations_agent_id_idx').on(t.agentId),
    check('monitor_locations_position_range', sql`${t.position} BETWEEN 1 AND 999`),
  ],
);

// What the status machine carries per location of a monitor with several (every location,
// the first included): its own streak under the monitor's thresholds, and its slow streak.
export const locationStates = pgTable(
  'location_states',
  {
    ...locationKey(),
    /** unknown | up | pending | down: this location's own verdict */
    status: varchar({ length: 20 }).notNull().default('unknown'),
    lastHeartbeatAt: timestamp({ withTimezone: true }),
    streakKind: varchar({ length: 10 }),
    streakCount: integer().notNull().default(0),
    streakStartedAt: timestamp({ withTimezone: true }),
    /** Set while this location is down: when the failing streak that made it so began. */
    downSince: timestamp({ withTimezone: true }),
    /** slow | normal: the kind of the current run of up checks (lib/ingest/state-machine.ts PaceState). */
    paceKind: varchar({ length: 10 }),
    paceCount: integer().notNull().default(0),
    paceStartedAt: timestamp({ withTimezone: true }),
    /** Set while this location sees the monitor degraded: when its slow run began. */
    degradedSince: timestamp({ withTimezone: true }),
    /** The newest failing check's error, for "1 of 3 locations failing: Frankfurt (timeout)". */
    lastError: varchar({ length: 1000 }),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.agentId] })],
);

// When a monitor was degraded (up, but slower than its degradedAfterMs): like incidents,
// one open period at most per monitor, for the monitor page's shading and totals.
export const degradedPeriods = pgTable(
  'degraded_periods',
  {
    id: uuid().primaryKey().defaultRandom(),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('degraded_periods_one_open_per_monitor').on(t.monitorId).where(sql`${t.endedAt} IS NULL`),
    index('degraded_periods_monitor_id_started_at_idx').on(t.monitorId, t.startedAt.desc()),
  ],
);

export type MonitorLocation = typeof monitorLocations.$inferSelect;
export type LocationStateRow = typeof locationStates.$inferSelect;
export type DegradedPeriod = typeof degradedPeriods.$inferSelect;
