import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';
import { teams } from './teams';

// Certificates the agents saw (https and tls checks), once each by SHA-256 fingerprint;
// which one each monitor sees now; when a monitor's certificate changed (a renewal); and
// which expiry warnings a team was sent, so each goes out once per certificate.

export const certificates = pgTable(
  'certificates',
  {
    fingerprint: varchar({ length: 64 }).primaryKey(),
    subject: varchar({ length: 500 }).notNull(),
    sans: text().array().notNull().default(sql`'{}'::text[]`),
    issuer: varchar({ length: 500 }).notNull(),
    serial: varchar({ length: 100 }).notNull(),
    notBefore: timestamp({ withTimezone: true }).notNull(),
    notAfter: timestamp({ withTimezone: true }).notNull(),
    /** The earliest expiry in the chain the server presented with it. */
    chainNotAfter: timestamp({ withTimezone: true }).notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('certificates_chain_not_after_idx').on(t.chainNotAfter)],
);

export const monitorCertificates = pgTable(
  'monitor_certificates',
  {
    monitorId: uuid()
      .primaryKey()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    fingerprint: varchar({ length: 64 })
      .notNull()
      .references(() => certificates.fingerprint),
    /** The first check that saw this certificate on this monitor. */
    since: timestamp({ withTimezone: true }).notNull(),
    /** The newest check that reported it. */
    seenAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('monitor_certificates_fingerprint_idx').on(t.fingerprint)],
);

export const certificateChanges = pgTable(
  'certificate_changes',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    time: timestamp({ withTimezone: true }).notNull(),
    /** Null for the first certificate a monitor reported. */
    previousFingerprint: varchar({ length: 64 }),
    fingerprint: varchar({ length: 64 }).notNull(),
  },
  (t) => [index('certificate_changes_monitor_idx').on(t.monitorId, t.time.desc())],
);

export const certificateWarnings = pgTable(
  'certificate_warnings',
  {
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    fingerprint: varchar({ length: 64 }).notNull(),
    /** The threshold (days before expiry) this warning was for. */
    days: integer().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.fingerprint, t.days] })],
);
