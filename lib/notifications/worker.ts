import 'server-only';
import type postgres from 'postgres';
import type { Dispatcher } from 'undici';
import { sqlClient } from '@/db';
import type { ChannelKind, NotificationEventKind } from '@/db/schema/notifications';
import { linkBaseUrl } from '@/lib/env';
import { scheduledReportMail } from '@/lib/reports/mail';
import type { ScheduledReportPayload } from '@/lib/reports/schedules';
import { log } from '@/lib/observability/log';
import { subscriberMail, type SubscriberSnapshot } from '@/lib/status-pages/subscriber-mail';
import { subscriberLink } from '@/lib/status-pages/subscriptions';
import { metrics } from '@/lib/observability/metrics';
import type { ChannelSettings } from './kinds';
import { isPagingKind } from './kind-forms';
import { openSecrets } from './manage';
import { nextAttemptDelay, FLAP_WINDOW_MINUTES, GIVE_UP_AFTER_MS, FAILING_AFTER } from './policy';
import { type EventSnapshot, renderMessage } from './render';
import { mailAttempt, SENDERS } from './senders';
import type { AttemptResult } from './senders/types';

// The outbox's reader. Any instance may run it: rows are claimed with FOR UPDATE SKIP
// LOCKED under a lease, so two workers never hold the same row, and a worker that dies
// mid-send lets its lease run out and the row is sent again (at-least-once; the event id
// lets a receiver drop the duplicate). Each attempt is logged; failures back off
// (policy.ts) for up to 24 hours, then the row fails for good, visibly.

export interface DeliverOptions {
  /** the clock (tests move it on); defaults to now */
  now?: Date;
  limit?: number;
  leaseSeconds?: number;
  dispatcher?: Dispatcher;
  sql?: postgres.Sql;
}

const SEND_LANES = 4;

interface Claimed {
  id: string;
  attempts: number;
  /** epoch ms: timestamps come back as numbers, as in ingest (no type fetching on the pool) */
  created_ms: number;
  /** a channel's message, or (channel_id null) a status page subscriber's mail or an escalation's mail to a member */
  channel_id: string | null;
  kind: ChannelKind | null;
  settings: ChannelSettings | null;
  secrets_encrypted: Buffer | null;
  subscriber_id: string | null;
  subscriber_email: string | null;
  page_slug: string | null;
  member_email: string | null;
  /** a scheduled report's own recipient */
  address: string | null;
  event_id: string;
  team_id: string;
  event_kind: NotificationEventKind;
  payload: EventSnapshot | SubscriberSnapshot;
  event_created_ms: number;
  monitor_id: string | null;
}

/** Claim and send what is due; returns how many deliveries were attempted. */
export async function deliverDue(options: DeliverOptions = {}): Promise<number> {
  const sql = options.sql ?? sqlClient();
  const now = options.now ?? new Date();
  // Timestamps go over as ISO text: the pool does not fetch type metadata (db/index.ts).
  const nowText = now.toISOString();
  const claimed = await sql<Claimed[]>`
    WITH due AS (
      SELECT id FROM notification_deliveries
      WHERE state = 'queued' AND due_at <= ${nowText}::timestamptz AND (lease_until IS NULL OR lease_until <= ${nowText}::timestamptz)
      ORDER BY due_at
      LIMIT ${options.limit ?? 20}
      FOR UPDATE SKIP LOCKED
    ),
    mine AS (
      UPDATE notification_deliveries d
      SET lease_until = ${nowText}::timestamptz + make_interval(secs => ${options.leaseSeconds ?? 60}), attempts = d.attempts + 1
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.attempts, d.created_at, d.channel_id, d.subscriber_id, d.member_id, d.address, d.event_id
    )
    SELECT mine.id, mine.attempts, (extract(epoch FROM mine.created_at) * 1000)::float8 AS created_ms,
           c.id AS channel_id, c.kind, c.settings, c.secrets_encrypted,
           s.id AS subscriber_id, s.email AS subscriber_email, p.slug AS page_slug, u.email AS member_email, mine.address,
           e.id AS event_id, e.team_id, e.kind AS event_kind, e.payload, (extract(epoch FROM e.created_at) * 1000)::float8 AS event_created_ms, e.monitor_id
    FROM mine JOIN notification_events e ON e.id = mine.event_id
    LEFT JOIN notification_channels c ON c.id = mine.channel_id
    LEFT JOIN status_page_subscribers s ON s.id = mine.subscriber_id LEFT JOIN status_pages p ON p.id = s.page_id
    LEFT JOIN users u ON u.id = mine.member_id`;
  // A few at a time, and the bookkeeping of the whole batch in one transaction at the end:
  // ingest keeps most of the pool however long the backlog. A crash before that
  // transaction leaves the leases to expire: the batch is sent again (at-least-once).
  const queue = [...claimed];
  const outcomes: Outcome[] = [];
  const lane = async () => {
    for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
      const outcome = await attempt(sql, delivery, now, options.dispatcher);
      if (outcome) outcomes.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_LANES, queue.length) }, lane));
  await record(sql, outcomes, now);
  return claimed.length;
}

interface Outcome {
  delivery: Claimed;
  started: number;
  durationMs: number;
  result: AttemptResult;
}

/** An e-mail channel's addresses with the members it targets, as the team is now. */
async function mailRecipients(sql: postgres.Sql, channelId: string, settings: ChannelSettings): Promise<string[]> {
  const members = await sql<{ email: string }[]>`
    SELECT u.email FROM notification_channels c
    JOIN team_members tm ON tm.team_id = c.team_id
    JOIN users u ON u.id = tm.user_id
    WHERE c.id = ${channelId} AND (${settings.members === 'all'} OR tm.role <> 'viewer')
    ORDER BY u.email`;
  return [...new Set([...(settings.addresses ?? []), ...members.map((row) => row.email)])];
}

/** Send one delivery; null when it was folded into a flapping message instead. */
async function attempt(sql: postgres.Sql, delivery: Claimed, now: Date, dispatcher?: Dispatcher): Promise<Outcome | null> {
  if (await cancelIfSettled(sql, delivery)) return null;
  if (await foldIfFlapping(sql, delivery, now)) return null;
  const started = Date.now();
  let result: AttemptResult;
  try {
    if (delivery.event_kind === 'report.scheduled') {
      const mail = await scheduledReportMail(delivery.event_id, delivery.team_id, delivery.payload as unknown as ScheduledReportPayload, (delivery.address ?? delivery.member_email)!, linkBaseUrl(), now);
      result = 'error' in mail ? { ok: false, retryable: false, error: mail.error } : await mailAttempt(mail);
    } else if (delivery.subscriber_id) {
      result = await mailAttempt(subscriberMailFor(delivery));
    } else if (delivery.member_email) {
      const message = renderMessage({ id: delivery.event_id, kind: delivery.event_kind, payload: delivery.payload as EventSnapshot, createdAt: new Date(delivery.event_created_ms) }, linkBaseUrl());
      result = await SENDERS.email(message, { settings: {}, secrets: {}, recipients: [delivery.member_email] });
    } else {
      const payload = delivery.event_kind === 'monitor.flapping' ? await flappingPayload(sql, delivery, now) : (delivery.payload as EventSnapshot);
      const message = renderMessage({ id: delivery.event_id, kind: delivery.event_kind, payload, createdAt: new Date(delivery.event_created_ms) }, linkBaseUrl());
      const recipients = delivery.kind === 'email' && delivery.settings?.members ? await mailRecipients(sql, delivery.channel_id!, delivery.settings) : undefined;
      result = await SENDERS[delivery.kind!](message, { settings: delivery.settings!, secrets: openSecrets(delivery.secrets_encrypted!, delivery.channel_id!), recipients, channelId: delivery.channel_id!, dispatcher });
    }
  } catch (error) {
    log.error('Notification delivery failed unexpectedly.', { error, channel: delivery.kind ?? 'subscriber' });
    result = { ok: false, retryable: true, error: (error as Error).message?.slice(0, 1000) ?? String(error) };
  }
  return { delivery, started, durationMs: Date.now() - started, result };
}

/** A status page subscriber's mail, with its page's links on Watchpost's own address. */
function subscriberMailFor(delivery: Claimed) {
  const base = linkBaseUrl();
  const slug = delivery.page_slug!;
  return subscriberMail({ id: delivery.event_id, kind: delivery.event_kind, payload: delivery.payload as SubscriberSnapshot }, delivery.subscriber_email!, {
    page: `${base}/s/${slug}`,
    confirm: subscriberLink(base, slug, 'confirm', delivery.subscriber_id!),
    unsubscribe: subscriberLink(base, slug, 'unsubscribe', delivery.subscriber_id!),
  });
}

/** What a batch did to each channel's health, in the order its attempts finished. */
function channelHealth(outcomes: Outcome[]) {
  const byChannel = new Map<string, { id: string; reset: boolean; failures: number; refusal: string | null; last_error: string | null }>();
  for (const { delivery, result } of outcomes) {
    // A subscriber's mailbox is not a channel of the owner's: nothing to mark failing.
    if (!delivery.channel_id) continue;
    const health = byChannel.get(delivery.channel_id) ?? { id: delivery.channel_id, reset: false, failures: 0, refusal: null, last_error: null };
    if (result.ok) Object.assign(health, { reset: true, failures: 0, refusal: null, last_error: null });
    else {
      health.failures++;
      health.last_error = result.error ?? 'failed';
      if (!result.retryable) health.refusal = health.last_error;
    }
    byChannel.set(delivery.channel_id, health);
  }
  return [...byChannel.values()];
}

async function record(sql: postgres.Sql, outcomes: Outcome[], now: Date): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = outcomes.map(({ delivery, started, durationMs, result }) => {
    const delay = nextAttemptDelay(delivery.attempts, result.retryAfterSeconds);
    const gaveUp = !result.ok && (!result.retryable || now.getTime() + delay - delivery.created_ms > GIVE_UP_AFTER_MS);
    return {
      id: delivery.id,
      started_at: new Date(started).toISOString(),
      duration_ms: durationMs,
      ok: result.ok,
      status_code: result.statusCode ?? null,
      reply: result.reply?.slice(0, 500) ?? null,
      error: result.error?.slice(0, 1000) ?? null,
      state: result.ok ? 'delivered' : gaveUp ? 'failed' : 'queued',
      due_at: new Date(now.getTime() + (result.ok ? 0 : delay)).toISOString(),
      delivered_at: result.ok ? now.toISOString() : null,
      last_error: result.ok ? null : (result.error ?? 'failed'),
    };
  });
  const health = channelHealth(outcomes);
  const nowText = now.toISOString();
  // JSON goes over as text (::text::jsonb): a client that fetched the jsonb type would
  // otherwise encode the string once more, as a JSON string.
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO notification_attempts (delivery_id, started_at, duration_ms, ok, status_code, reply, error)
      SELECT t.id, t.started_at, t.duration_ms, t.ok, t.status_code, t.reply, t.error
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
        AS t(id uuid, started_at timestamptz, duration_ms int, ok boolean, status_code int, reply varchar, error varchar)
      -- a subscriber who unsubscribed during the send took the delivery with them
      WHERE EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.id = t.id)`;
    await tx`
      UPDATE notification_deliveries d
      SET state = t.state, due_at = t.due_at, delivered_at = t.delivered_at, last_error = t.last_error, lease_until = NULL
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) AS t(id uuid, state varchar, due_at timestamptz, delivered_at timestamptz, last_error text)
      WHERE d.id = t.id`;
    // A success clears a channel; a refusal that will not pass by itself, or ten failures
    // in a row, marks it failing. Rows with nothing to change are not written: every lane
    // sending to one channel would otherwise queue on that row's lock.
    const total = sql`CASE WHEN h.reset THEN h.failures ELSE c.consecutive_failures + h.failures END`;
    const failing = sql`(h.refusal IS NOT NULL OR ${total} >= ${FAILING_AFTER})`;
    await tx`
      UPDATE notification_channels c
      SET consecutive_failures = ${total},
          failing_since = CASE WHEN ${failing} THEN coalesce(CASE WHEN h.reset THEN NULL ELSE c.failing_since END, ${nowText}::timestamptz)
                               WHEN h.reset THEN NULL ELSE c.failing_since END,
          failing_reason = CASE WHEN ${failing} THEN coalesce(h.refusal, h.last_error) WHEN h.reset THEN NULL ELSE c.failing_reason END
      FROM jsonb_to_recordset(${JSON.stringify(health)}::text::jsonb) AS h(id uuid, reset boolean, failures int, refusal text, last_error text)
      WHERE c.id = h.id AND (h.failures > 0 OR c.consecutive_failures <> 0 OR c.failing_since IS NOT NULL)`;
  });
  for (const row of rows) metrics().deliveries.inc({ result: row.state === 'queued' ? 'retry' : row.state });
}

/**
 * An escalation step whose incident was acknowledged or resolved (or is gone) before it went
 * out is not sent: it is marked cancelled, and the log says so.
 */
async function cancelIfSettled(sql: postgres.Sql, delivery: Claimed): Promise<boolean> {
  if (delivery.event_kind !== 'incident.escalated') return false;
  const incidentId = (delivery.payload as EventSnapshot).incident?.id;
  const [open] = incidentId ? await sql`SELECT 1 FROM incidents WHERE id = ${incidentId} AND status = 'open' AND resolved_at IS NULL` : [];
  if (open) return false;
  await sql`UPDATE notification_deliveries SET state = 'cancelled', lease_until = NULL, last_error = 'not sent: the incident was acknowledged or resolved first' WHERE id = ${delivery.id}`;
  return true;
}

// Down and up, slow and fast again: a monitor that keeps changing either way is flapping.
const FLAP_KINDS = ['incident.opened', 'incident.resolved', 'monitor.degraded', 'monitor.recovered'];

/**
 * Flapping: once an opened/resolved pair for a monitor went out on a channel in the last
 * five minutes, further changes are folded into one "flapping" message sent when the
 * window ends, instead of a message each.
 */
async function foldIfFlapping(sql: postgres.Sql, delivery: Claimed, now: Date): Promise<boolean> {
  if (!FLAP_KINDS.includes(delivery.event_kind) || !delivery.monitor_id) return false;
  // A paging service keeps one alert per incident and needs its every resolve: it dedups by key itself.
  if (delivery.kind && isPagingKind(delivery.kind)) return false;
  // The common case, nothing about this monitor on this channel lately, needs no lock: with
  // none sent, this one and any racing it are at most the pair that is allowed.
  const [lately] = await sql<{ any: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
      WHERE d.channel_id = ${delivery.channel_id} AND e.monitor_id = ${delivery.monitor_id} AND d.state = 'delivered'
        AND d.delivered_at > ${now.toISOString()}::timestamptz - make_interval(mins => ${FLAP_WINDOW_MINUTES})) AS any`;
  if (!lately?.any) return false;
  return sql.begin(async (tx) => {
    // One decision at a time per channel and monitor.
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`${delivery.channel_id}:${delivery.monitor_id}`}, 727011))`;
    const [recent] = await tx<{ sent: number; first_ms: number | null }[]>`
      SELECT count(*)::int AS sent, (extract(epoch FROM min(d.delivered_at)) * 1000)::float8 AS first_ms
      FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
      WHERE d.channel_id = ${delivery.channel_id} AND e.monitor_id = ${delivery.monitor_id}
        AND e.kind IN ${sql(FLAP_KINDS)} AND d.state = 'delivered'
        AND d.delivered_at > ${now.toISOString()}::timestamptz - make_interval(mins => ${FLAP_WINDOW_MINUTES})`;
    if (!recent || recent.sent < 2) return false;
    await tx`UPDATE notification_deliveries SET state = 'folded', lease_until = NULL WHERE id = ${delivery.id}`;
    const [pending] = await tx`
      SELECT 1 FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
      WHERE d.channel_id = ${delivery.channel_id} AND e.monitor_id = ${delivery.monitor_id} AND e.kind = 'monitor.flapping' AND d.state = 'queued'`;
    if (!pending) {
      const due = new Date(recent.first_ms! + FLAP_WINDOW_MINUTES * 60_000);
      await tx`
        WITH ev AS (
          INSERT INTO notification_events (user_id, team_id, kind, monitor_id, agent_id, payload)
          SELECT e.user_id, e.team_id, 'monitor.flapping', e.monitor_id, e.agent_id, e.payload - 'incident' - 'lastError'
          FROM notification_events e WHERE e.id = ${delivery.event_id}
          RETURNING id
        )
        INSERT INTO notification_deliveries (event_id, channel_id, due_at) SELECT ev.id, ${delivery.channel_id}::uuid, ${due.toISOString()}::timestamptz FROM ev`;
    }
    return true;
  }) as Promise<boolean>;
}

/** The flapping message counts what was folded since the last flapping message, and says where the monitor stands now. */
async function flappingPayload(sql: postgres.Sql, delivery: Claimed, now: Date): Promise<EventSnapshot> {
  const [row] = await sql<{ changes: number; since_ms: number | null; status: string | null }[]>`
    SELECT count(*)::int AS changes, (extract(epoch FROM min(e.created_at)) * 1000)::float8 AS since_ms, (SELECT status FROM monitors WHERE id = ${delivery.monitor_id}) AS status
    FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
    WHERE d.channel_id = ${delivery.channel_id} AND e.monitor_id = ${delivery.monitor_id} AND d.state = 'folded'
      AND d.created_at > coalesce((
        SELECT max(d2.delivered_at) FROM notification_deliveries d2 JOIN notification_events e2 ON e2.id = d2.event_id
        WHERE d2.channel_id = ${delivery.channel_id} AND e2.monitor_id = ${delivery.monitor_id} AND e2.kind = 'monitor.flapping' AND d2.state = 'delivered'), '-infinity')`;
  const minutes = row?.since_ms ? Math.max(1, Math.round((now.getTime() - row.since_ms) / 60_000)) : FLAP_WINDOW_MINUTES;
  return { ...(delivery.payload as EventSnapshot), changes: (row?.changes ?? 0) + 2, minutes: Math.max(minutes, FLAP_WINDOW_MINUTES), statusNow: row?.status ?? 'unknown' };
}
