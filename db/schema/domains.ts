import { integer, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { teams } from './teams';

// Registrable domains behind monitors and when they expire, from RDAP: looked up at most
// once a day per domain for the whole instance (lib/checks/domains), and which expiry
// warnings each team was sent.

export const domainExpiries = pgTable('domain_expiries', {
  /** The registrable domain, lower case: example.co.uk. */
  domain: varchar({ length: 253 }).primaryKey(),
  /** ok: expiresAt is known · unknown: no RDAP for its TLD, or no expiry in the answer · error: the last lookup failed */
  state: varchar({ length: 10 }).notNull(),
  expiresAt: timestamp({ withTimezone: true }),
  /** Why the expiry is not known, in words ("no RDAP for .xyz"). */
  message: text(),
  checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** When to ask again: a day after an answer, sooner after a failure. */
  nextCheckAt: timestamp({ withTimezone: true }).notNull(),
});

/** The IANA bootstrap registry as last fetched (one row): which RDAP servers serve which TLDs. */
export const rdapBootstrap = pgTable('rdap_bootstrap', {
  url: text().primaryKey(),
  /** TLD → its RDAP base URLs. */
  services: text().notNull(),
  fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const domainWarnings = pgTable(
  'domain_warnings',
  {
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    domain: varchar({ length: 253 }).notNull(),
    /** The expiry date warned about: a renewal starts the thresholds afresh. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    days: integer().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.domain, t.expiresAt, t.days] })],
);
