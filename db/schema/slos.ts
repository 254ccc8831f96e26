import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, numeric, pgTable, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';
import { statusPageComponents, statusPages } from './status-pages';
import { teams } from './teams';
import { users } from './users';

// Service level objectives (lib/slo) and scheduled reports (lib/reports).
// An SLO is a target for the uptime of one monitor, or of a status page component (the sum
// of its monitors' checks), over a rolling or calendar window. Its alert state is kept here so
// each burn episode and each exhaustion is told once.

export const SLO_WINDOWS = ['7d', '28d', '30d', '90d', 'month', 'quarter'] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

const list = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export const slos = pgTable(
  'slos',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** Who made it. */
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    name: varchar({ length: 100 }).notNull(),
    monitorId: uuid().references(() => monitors.id, { onDelete: 'cascade' }),
    componentId: uuid(),
    /** Percent of good checks, 0 < target ≤ 100, three decimals (99.95). */
    target: numeric({ precision: 6, scale: 3, mode: 'number' }).notNull(),
    window: varchar({ length: 10 }).notNull(),
    /** Up checks while the monitor was degraded count as bad. */
    degradedCountsAsDown: boolean().notNull().default(false),
    /** Page when the budget burns this fast over 1 h and 5 min (Google's SRE workbook: 14.4). */
    fastBurn: real().notNull().default(14.4),
    /** … or this fast over 6 h and 30 min (6). */
    slowBurn: real().notNull().default(6),
    /** Set while a burn episode lasts (told once when it began); cleared when the short windows calm down. */
    burningSince: timestamp({ withTimezone: true }),
    /** Set when the budget ran out (told once); cleared when budget is left again. */
    exhaustedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('slos_team_id_name_key').on(t.teamId, sql`lower(${t.name})`),
    index('slos_monitor_id_idx').on(t.monitorId),
    index('slos_component_id_idx').on(t.componentId),
    foreignKey({ name: 'slos_component_id_fk', columns: [t.componentId], foreignColumns: [statusPageComponents.id] }).onDelete('cascade'),
    check('slos_subject_check', sql`num_nonnulls(${t.monitorId}, ${t.componentId}) = 1`),
    check('slos_target_check', sql`${t.target} > 0 AND ${t.target} <= 100`),
    check('slos_window_check', sql`${t.window} IN (${list(SLO_WINDOWS)})`),
    check('slos_burn_check', sql`${t.fastBurn} >= 1 AND ${t.slowBurn} >= 1`),
  ],
);

export const REPORT_CADENCES = ['weekly', 'monthly'] as const;
export type ReportCadence = (typeof REPORT_CADENCES)[number];

/** A report mailed every week or month (the PDF attached), through the notifications outbox. */
export const reportSchedules = pgTable(
  'report_schedules',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    name: varchar({ length: 100 }).notNull(),
    cadence: varchar({ length: 10 }).notNull(),
    /** The hour of day (team's zone) it goes out: weekly on Mondays, monthly on the 1st, for the period just ended. */
    hour: smallint().notNull().default(8),
    /** Whole team (neither set), a status page, or the monitors in report_schedule_monitors. */
    statusPageId: uuid(),
    chosenMonitors: boolean().notNull().default(false),
    addresses: text().array().notNull().default(sql`ARRAY[]::text[]`),
    /** Also every member of the team, as it is when the report goes out. */
    toMembers: boolean().notNull().default(false),
    /** When the next report is due. */
    nextRunAt: timestamp({ withTimezone: true }).notNull(),
    lastRunAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('report_schedules_team_id_name_key').on(t.teamId, sql`lower(${t.name})`),
    index('report_schedules_next_run_at_idx').on(t.nextRunAt),
    foreignKey({ name: 'report_schedules_status_page_id_fk', columns: [t.statusPageId], foreignColumns: [statusPages.id] }).onDelete('cascade'),
    check('report_schedules_cadence_check', sql`${t.cadence} IN (${list(REPORT_CADENCES)})`),
    check('report_schedules_hour_check', sql`${t.hour} BETWEEN 0 AND 23`),
    check('report_schedules_addresses_check', sql`cardinality(${t.addresses}) <= 50`),
    check('report_schedules_recipients_check', sql`cardinality(${t.addresses}) > 0 OR ${t.toMembers}`),
  ],
);

export const reportScheduleMonitors = pgTable(
  'report_schedule_monitors',
  {
    scheduleId: uuid().notNull(),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.scheduleId, t.monitorId] }),
    index('report_schedule_monitors_monitor_id_idx').on(t.monitorId),
    foreignKey({ name: 'report_schedule_monitors_schedule_id_fk', columns: [t.scheduleId], foreignColumns: [reportSchedules.id] }).onDelete('cascade'),
  ],
);

export type Slo = typeof slos.$inferSelect;
export type ReportSchedule = typeof reportSchedules.$inferSelect;
