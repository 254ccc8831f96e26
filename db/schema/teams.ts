import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, primaryKey, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea } from './types';
import { users } from './users';

export const TEAM_ROLES = ['viewer', 'responder', 'editor', 'admin', 'owner'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

// A team owns agents, monitors (through their agents), channels, status pages and
// maintenance windows. Every user has a personal team (`personal_user_id`), made by a
// trigger on `users` (drizzle/0018_teams.sql), so an account made by an operator's script
// has one too, and rows written with only a seed `user_id` land in it.
export const teams = pgTable(
  'teams',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: varchar({ length: 255 }).notNull(),
    /** The user whose personal team this is; null for a team made to share. */
    personalUserId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** An admin's policy: members reach the team's data only with two-factor sign-in set up. */
    requireTwoFactor: boolean().notNull().default(false),
    /** IANA zone of the team's calendar: SLO months and quarters, report days, when scheduled reports go out. */
    timeZone: varchar({ length: 64 }).notNull().default('UTC'),
  },
  (t) => [uniqueIndex('teams_personal_user_id_key').on(t.personalUserId)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: varchar({ length: 20 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index('team_members_user_idx').on(t.userId),
    // Exactly one owner per team: at most one here, and ownership only ever moves in one transaction.
    uniqueIndex('team_members_one_owner').on(t.teamId).where(sql`${t.role} = 'owner'`),
    check('team_members_role_check', sql`${t.role} IN ('viewer', 'responder', 'editor', 'admin', 'owner')`),
  ],
);

export type Team = typeof teams.$inferSelect;
export type TeamMember = typeof teamMembers.$inferSelect;

// Invitations into a team: a single-use link bound to the address, valid 7 days; only the
// token's SHA-256 is stored. Revoked, accepted or expired links join nobody.
export const teamInvitations = pgTable(
  'team_invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    email: varchar({ length: 255 }).notNull(),
    role: varchar({ length: 20 }).notNull(),
    tokenHash: bytea().notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('team_invitations_token_hash_key').on(t.tokenHash),
    index('team_invitations_team_idx').on(t.teamId, t.createdAt.desc()),
    check('team_invitations_role_check', sql`${t.role} IN ('viewer', 'responder', 'editor', 'admin')`),
  ],
);

export type TeamInvitation = typeof teamInvitations.$inferSelect;
