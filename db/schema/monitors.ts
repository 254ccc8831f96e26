import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import type { MonitorOptions } from '@/lib/contracts/monitors';
import { agents } from './agents';
import { bytea } from './types';

export const monitors = pgTable(
  'monitors',
  {
    id: uuid().primaryKey().defaultRandom(),
    agentId: uuid().references(() => agents.id, { onDelete: 'cascade' }),
    name: varchar({ length: 255 }).notNull(),
    /** http | tcp | ping | dns | push */
    type: varchar({ length: 50 }).notNull(),
    target: varchar({ length: 500 }).notNull(),
    intervalSeconds: integer().default(30),
    timeoutSeconds: integer().default(10),
    status: varchar({ length: 20 }).default('unknown'),
    enabled: boolean().default(true),
    createdAt: timestamp({ withTimezone: true }).defaultNow(),
    /** Consecutive failing heartbeats that make the monitor down. */
    failureThreshold: integer().notNull().default(2),
    /** Consecutive up heartbeats that make it up again. */
    recoveryThreshold: integer().notNull().default(1),
    /** The type's own settings, validated by lib/contracts/monitors.ts; `{}` means its defaults. */
    options: jsonb().$type<MonitorOptions>().notNull().default({}),
    // What the status machine (lib/ingest/state-machine.ts) carries from batch to batch.
    /** Time of the newest heartbeat applied; older ones are stored but change nothing. */
    lastHeartbeatAt: timestamp({ withTimezone: true }),
    /** up | fail: the kind of the current run of heartbeats. */
    streakKind: varchar({ length: 10 }),
    streakCount: integer().notNull().default(0),
    /** Time of the first heartbeat of the current run. */
    streakStartedAt: timestamp({ withTimezone: true }),
    // Push monitors (lib/checks/push): the ping URL's key, and when a ping is due.
    /** SHA-256 (hex) of the ping key: how a ping finds its monitor without a scan. */
    pushKeyHash: varchar({ length: 64 }),
    /** The ping key, AES-256-GCM encrypted with the monitor id as associated data, to show the URL again. */
    pushKeyEncrypted: bytea(),
    /** When the schedule next expects a success (grace not included). */
    pushExpectedAt: timestamp({ withTimezone: true }),
    /** When lateness fires: the expected time plus grace, or a started run's start plus grace if sooner. */
    pushDeadlineAt: timestamp({ withTimezone: true }),
    // Locations and quorum (lib/ingest/quorum.ts): the further locations are monitor_locations rows.
    /** any | k | all: how many live locations must agree that it is down (k: quorum_k). */
    quorumRule: varchar({ length: 10 }).notNull().default('any'),
    quorumK: smallint().notNull().default(1),
    /** 1 + its monitor_locations rows, kept by triggers on that table: ingest's hot path reads it instead of joining. */
    locationCount: smallint().notNull().default(1),
    // Degraded: up, but slower than this (lib/ingest/state-machine.ts); null: never degraded.
    degradedAfterMs: integer(),
    /** Set while the monitor is degraded: when it became so. */
    degradedSince: timestamp({ withTimezone: true }),
    /** slow | normal: the current run of up checks of a one-location monitor (with several, location_states holds them). */
    paceKind: varchar({ length: 10 }),
    paceCount: integer().notNull().default(0),
    paceStartedAt: timestamp({ withTimezone: true }),
    /** Paused "for N minutes" (the API's pause): the background leader resumes it at this time. */
    pausedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('monitors_agent_id_idx').on(t.agentId),
    index('monitors_paused_until_idx').on(t.pausedUntil).where(sql`${t.pausedUntil} IS NOT NULL`),
    uniqueIndex('monitors_push_key_hash_key').on(t.pushKeyHash).where(sql`${t.pushKeyHash} IS NOT NULL`),
    index('monitors_push_deadline_idx').on(t.pushDeadlineAt).where(sql`${t.pushDeadlineAt} IS NOT NULL AND ${t.enabled} IS NOT FALSE`),
    check('monitors_failure_threshold_range', sql`${t.failureThreshold} BETWEEN 1 AND 10`),
    check('monitors_recovery_threshold_range', sql`${t.recoveryThreshold} BETWEEN 1 AND 10`),
    check('monitors_quorum_rule', sql`${t.quorumRule} IN ('any', 'k', 'all')`),
    check('monitors_quorum_k_range', sql`${t.quorumK} BETWEEN 1 AND 1000`),
    check('monitors_degraded_after_ms_range', sql`${t.degradedAfterMs} IS NULL OR ${t.degradedAfterMs} > 0`),
  ],
);

export type Monitor = typeof monitors.$inferSelect;
export type NewMonitor = typeof monitors.$inferInsert;

/**
 * "monitor_id depends on depends_on_id" (the database on the router): while the one it depends
 * on is down, its own new incident is held (no messages) and listed on that one's incident.
 * Cycles are refused when saved (lib/dependencies).
 */
export const monitorDependencies = pgTable(
  'monitor_dependencies',
  {
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    dependsOnId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.monitorId, t.dependsOnId] }),
    index('monitor_dependencies_depends_on_id_idx').on(t.dependsOnId),
    foreignKey({ name: 'monitor_dependencies_depends_on_id_fk', columns: [t.dependsOnId], foreignColumns: [monitors.id] }).onDelete('cascade'),
    check('monitor_dependencies_not_itself', sql`${t.monitorId} <> ${t.dependsOnId}`),
  ],
);
