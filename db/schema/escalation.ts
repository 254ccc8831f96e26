import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { incidents } from './incidents';
import { monitors } from './monitors';
import { notificationChannels } from './notifications';
import { teams } from './teams';
import { users } from './users';

// Escalation (lib/escalation): who is told, step after step, until someone acknowledges.
// A policy is an ordered list of steps; each step tells its channels (and, if chosen, every
// member who can respond, by e-mail), then waits its minutes before the next. An incident's
// progress through its policy is a row whose next step is due at a stored time: the
// background leader's round fires what is due, so restarts and a new leader lose nothing.

export const ESCALATION_STOPS = ['acknowledged', 'resolved', 'finished', 'removed'] as const;

export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** Who made it. */
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: varchar({ length: 100 }).notNull(),
    /** After the last step, start again from the first this many times (0: once through). */
    repeatCount: smallint().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('escalation_policies_team_id_name_key').on(t.teamId, sql`lower(${t.name})`),
    check('escalation_policies_repeat_check', sql`${t.repeatCount} BETWEEN 0 AND 9`),
  ],
);

export const escalationSteps = pgTable(
  'escalation_steps',
  {
    id: uuid().primaryKey().defaultRandom(),
    policyId: uuid()
      .notNull()
      .references(() => escalationPolicies.id, { onDelete: 'cascade' }),
    /** 0, 1, 2 … in order */
    position: smallint().notNull(),
    /** Minutes to wait for an acknowledgement after this step before the next one. */
    waitMinutes: integer().notNull(),
    /** Also every member with role responder or above, by e-mail, as the team is when the step fires. */
    notifyResponders: boolean().notNull().default(false),
  },
  (t) => [
    uniqueIndex('escalation_steps_policy_id_position_key').on(t.policyId, t.position),
    check('escalation_steps_wait_check', sql`${t.waitMinutes} BETWEEN 1 AND 1440`),
    check('escalation_steps_position_check', sql`${t.position} BETWEEN 0 AND 9`),
  ],
);

export const escalationStepChannels = pgTable(
  'escalation_step_channels',
  {
    stepId: uuid()
      .notNull()
      .references(() => escalationSteps.id, { onDelete: 'cascade' }),
    channelId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.stepId, t.channelId] }),
    index('escalation_step_channels_channel_id_idx').on(t.channelId),
    foreignKey({ name: 'escalation_step_channels_channel_id_fk', columns: [t.channelId], foreignColumns: [notificationChannels.id] }).onDelete('cascade'),
  ],
);

/** The policy a monitor's incidents escalate by (at most one; none: only its plain channels). */
export const monitorEscalationPolicies = pgTable(
  'monitor_escalation_policies',
  {
    monitorId: uuid()
      .primaryKey()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    policyId: uuid().notNull(),
  },
  (t) => [
    index('monitor_escalation_policies_policy_id_idx').on(t.policyId),
    foreignKey({ name: 'monitor_escalation_policies_policy_id_fk', columns: [t.policyId], foreignColumns: [escalationPolicies.id] }).onDelete('cascade'),
  ],
);

/** An incident's way through its policy: the next step (of which pass) and when it is due; null once stopped. */
export const incidentEscalations = pgTable(
  'incident_escalations',
  {
    incidentId: uuid()
      .primaryKey()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    policyId: uuid().notNull(),
    /** the step that fires next (position) */
    nextStep: smallint().notNull().default(0),
    /** which pass through the policy (0: the first; repeats count up) */
    pass: smallint().notNull().default(0),
    nextAt: timestamp({ withTimezone: true }),
    stoppedAt: timestamp({ withTimezone: true }),
    /** acknowledged | resolved | finished | removed (the policy was deleted or taken off the monitor) */
    stoppedBecause: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('incident_escalations_next_at_idx').on(t.nextAt).where(sql`${t.nextAt} IS NOT NULL`),
    foreignKey({ name: 'incident_escalations_policy_id_fk', columns: [t.policyId], foreignColumns: [escalationPolicies.id] }).onDelete('cascade'),
  ],
);

export type EscalationPolicy = typeof escalationPolicies.$inferSelect;
export type EscalationStep = typeof escalationSteps.$inferSelect;
