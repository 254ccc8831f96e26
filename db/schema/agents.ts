import { sql } from 'drizzle-orm';
import { pgTable, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea } from './types';
import { teams } from './teams';
import { users } from './users';

export const agents = pgTable(
  'agents',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Who created the agent (the seed's owner column). */
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    /** The team that owns it; a row written with only `user_id` gets that user's personal team (trigger). */
    teamId: uuid().references(() => teams.id, { onDelete: 'cascade' }),
    name: varchar({ length: 255 }).notNull(),
    /** AES-256-GCM encryption of the agent's token (lib/crypto/agent-keys.ts); empty for the built-in agent. */
    apiKeyEncrypted: bytea().notNull(),
    lastSeenAt: timestamp({ withTimezone: true }),
    status: varchar({ length: 20 }).default('offline'),
    createdAt: timestamp({ withTimezone: true }).defaultNow(),
    /** remote: a separate agent process with a token · builtin: runs inside the Watchpost server, no token */
    kind: varchar({ length: 20 }).notNull().default('remote'),
    /** The agent's own version, from the User-Agent of its last request (`Watchpost-Agent/1.2.0`). */
    version: varchar({ length: 40 }),
  },
  (t) => [
    uniqueIndex('agents_team_id_name_key').on(t.teamId, sql`lower(${t.name})`),
    uniqueIndex('agents_one_builtin_per_team').on(t.teamId).where(sql`${t.kind} = 'builtin'`),
  ],
);

export type Agent = typeof agents.$inferSelect;
export type NewAgent = typeof agents.$inferInsert;
