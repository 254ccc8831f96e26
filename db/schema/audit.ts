import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { teams } from './teams';
import { users } from './users';

// A team's audit log: who (a person, or the operator's CLI) did what (created, changed —
// with the names of the fields changed, never a value — deleted, acknowledged…) to which
// object, when and from which IP. Written in the transaction of the change it records;
// kept 400 days (lib/retention).
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** The person who acted; null for the operator, or a person deleted since. */
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Who, as shown: the person's e-mail at the time, or "operator (admin CLI)". */
    actor: varchar({ length: 320 }).notNull(),
    action: varchar({ length: 40 }).notNull(),
    objectKind: varchar({ length: 30 }).notNull(),
    /** No foreign key: the object may be gone. */
    objectId: uuid(),
    /** The object's name at the time (a monitor's name, a member's e-mail). */
    objectLabel: varchar({ length: 300 }).notNull().default(''),
    /** The names of the fields a change touched (never their values). */
    fields: text().array().notNull().default(sql`'{}'::text[]`),
    ip: varchar({ length: 64 }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_events_team_created_idx').on(t.teamId, t.createdAt.desc()),
    index('audit_events_created_idx').on(t.createdAt),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
