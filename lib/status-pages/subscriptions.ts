import 'server-only';
import { sql } from 'drizzle-orm';
import { db, runInDrizzle, type SqlRunner, type Transaction } from '@/db';
import { signedToken, tokensMatch } from '@/lib/crypto/tokens';
import { AppError } from '@/lib/errors';
import { wakeDeliveryWorker } from '@/lib/notifications/wake';

// E-mail subscriptions to a public status page, with double opt-in: subscribing stores an
// unconfirmed row and queues one confirmation mail; nothing else is sent to the address
// until its link is followed. The links carry an HMAC (under AUTH_SECRET) of the
// subscriber id and what the link does, so no token is stored and none can be guessed.
// Every mail goes through the notifications outbox (one delivery per subscriber).

export type SubscriberLink = 'confirm' | 'unsubscribe';

/** Asking again within this long sends no second confirmation mail (a flood of mails to someone else's address). */
const CONFIRMATION_RESEND_MINUTES = 10;

export function subscriberToken(link: SubscriberLink, subscriberId: string): string {
  return signedToken(`status-subscriber:${link}:${subscriberId}`);
}

export function isSubscriberToken(link: SubscriberLink, subscriberId: string, token: string | null): boolean {
  return !!token && /^[0-9a-f-]{36}$/i.test(subscriberId) && tokensMatch(token, subscriberToken(link, subscriberId));
}

/** The address of a subscriber's link on Watchpost's own host (mails cannot know which host name a visitor used). */
export function subscriberLink(baseUrl: string, pageSlug: string, link: SubscriberLink, subscriberId: string): string {
  return `${baseUrl}/s/${pageSlug}/subscription/${link}?id=${subscriberId}&token=${subscriberToken(link, subscriberId)}`;
}

/**
 * Subscribe `email` to a page (all of it, or `componentIds` of it). The answer is the same
 * whether the address was new, waiting for confirmation or already subscribed, so the form
 * tells no one who follows a page. An unconfirmed subscription takes the new choice of
 * components; a confirmed one is left as it is (only its owner, through a link, changes it).
 */
export async function subscribe(input: { pageId: string; email: string; componentIds: string[] }): Promise<void> {
  const componentIds = [...new Set(input.componentIds)];
  await db.transaction(async (tx) => {
    const run = runInDrizzle(tx);
    if (componentIds.length > 0) {
      const [found] = await run<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM status_page_components
        WHERE page_id = ${input.pageId} AND id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(componentIds)}::jsonb))`);
      if (found?.n !== componentIds.length) throw new AppError('INVALID_INPUT', 'Choose among the components of this page.');
    }
    const [row] = await run<{ id: string; confirmed: boolean; send: boolean }>(sql`
      INSERT INTO status_page_subscribers AS s (page_id, email, all_components)
      VALUES (${input.pageId}, ${input.email}, ${componentIds.length === 0})
      ON CONFLICT (page_id, lower(email)) DO UPDATE SET all_components = CASE WHEN s.confirmed_at IS NULL THEN excluded.all_components ELSE s.all_components END
      RETURNING s.id, s.confirmed_at IS NOT NULL AS confirmed,
        s.confirmed_at IS NULL AND (s.confirmation_sent_at IS NULL OR s.confirmation_sent_at < now() - make_interval(mins => ${CONFIRMATION_RESEND_MINUTES})) AS send`);
    if (!row || row.confirmed) return;
    await run(sql`DELETE FROM status_page_subscriber_components WHERE subscriber_id = ${row.id}`);
    if (componentIds.length > 0) {
      await run(sql`
        INSERT INTO status_page_subscriber_components (subscriber_id, component_id)
        SELECT ${row.id}, value::uuid FROM jsonb_array_elements_text(${JSON.stringify(componentIds)}::jsonb)`);
    }
    if (!row.send) return;
    await run(sql`UPDATE status_page_subscribers SET confirmation_sent_at = now() WHERE id = ${row.id}`);
    await run(sql`
      WITH ev AS (
        INSERT INTO notification_events (user_id, kind, payload)
        SELECT p.user_id, 'status.confirm', jsonb_build_object('page', ${pageSnapshot})
        FROM status_pages p WHERE p.id = ${input.pageId}
        RETURNING id
      )
      INSERT INTO notification_deliveries (event_id, subscriber_id) SELECT ev.id, ${row.id}::uuid FROM ev`);
  });
  wakeDeliveryWorker();
}

/** Follow a confirmation link: the subscription starts (again: idempotent). False when it no longer exists. */
export async function confirmSubscriber(subscriberId: string, pageId: string): Promise<boolean> {
  const rows = await db.execute(sql`
    UPDATE status_page_subscribers SET confirmed_at = coalesce(confirmed_at, now())
    WHERE id = ${subscriberId} AND page_id = ${pageId} RETURNING id`);
  return rows.length > 0;
}

/** Unsubscribe: the row goes, and with it every mail still queued for it. */
export async function removeSubscriber(subscriberId: string, pageId: string): Promise<void> {
  await db.execute(sql`DELETE FROM status_page_subscribers WHERE id = ${subscriberId} AND page_id = ${pageId}`);
}

/** The page as a mail needs it (`p` is status_pages). */
const pageSnapshot = sql`jsonb_build_object('slug', p.slug, 'title', p.title, 'timeZone', p.time_zone)`;

/**
 * Mail an update of a post to the page's confirmed subscribers who follow it: the whole
 * page, or a component the post affects (a post that names no component goes to all).
 * In the transaction that writes the update.
 */
export async function enqueuePostUpdate(tx: Transaction, input: { postId: string; updateId: string }): Promise<void> {
  await runInDrizzle(tx)(sql`
    WITH post AS (
      SELECT sp.id, sp.page_id, sp.title, sp.impact FROM status_page_posts sp WHERE sp.id = ${input.postId}
    ),
    target AS (
      SELECT s.id FROM status_page_subscribers s, post
      WHERE s.page_id = post.page_id AND s.confirmed_at IS NOT NULL
        AND (s.all_components
          OR NOT EXISTS (SELECT 1 FROM status_page_post_components pc WHERE pc.post_id = post.id)
          OR EXISTS (SELECT 1 FROM status_page_subscriber_components sc JOIN status_page_post_components pc ON pc.component_id = sc.component_id
                     WHERE sc.subscriber_id = s.id AND pc.post_id = post.id))
    ),
    ev AS (
      INSERT INTO notification_events (user_id, kind, payload)
      SELECT p.user_id, 'status.post', jsonb_build_object(
        'page', ${pageSnapshot},
        'post', jsonb_build_object('id', post.id, 'title', post.title, 'impact', post.impact,
          'components', (SELECT coalesce(jsonb_agg(c.name ORDER BY c.position, c.name), '[]') FROM status_page_post_components pc
                         JOIN status_page_components c ON c.id = pc.component_id WHERE pc.post_id = post.id)),
        'update', jsonb_build_object('state', u.state, 'body', u.body, 'createdAt', u.created_at,
          'first', NOT EXISTS (SELECT 1 FROM status_page_post_updates o WHERE o.post_id = post.id AND o.id <> u.id)))
      FROM post JOIN status_pages p ON p.id = post.page_id JOIN status_page_post_updates u ON u.id = ${input.updateId}
      WHERE EXISTS (SELECT 1 FROM target)
      RETURNING id
    )
    INSERT INTO notification_deliveries (event_id, subscriber_id) SELECT ev.id, target.id FROM ev CROSS JOIN target`);
}

export type MaintenanceNotice = 'announced' | 'soon' | 'started' | 'ended' | 'cancelled';

/**
 * Tell the subscribers of the pages a maintenance window is shown on (those following the
 * whole page, or a component backed by one of the window's monitors) that it was announced,
 * starts within the hour, started or ended. `occurrenceIds` of windows that asked for notices.
 */
export async function enqueueMaintenanceNotices(run: SqlRunner, notice: MaintenanceNotice, occurrenceIds: string[]): Promise<void> {
  if (occurrenceIds.length === 0) return;
  await run(sql`
    WITH occ AS (
      SELECT o.id, o.window_id, o.starts_at, o.ends_at FROM maintenance_occurrences o JOIN maintenance_windows w ON w.id = o.window_id
      WHERE w.notify_subscribers AND o.id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(occurrenceIds)}::jsonb))
    ),
    pair AS (
      SELECT occ.id AS occurrence_id, wp.page_id FROM occ JOIN maintenance_window_pages wp ON wp.window_id = occ.window_id
    ),
    ev AS (
      INSERT INTO notification_events (user_id, kind, payload)
      SELECT p.user_id, 'status.maintenance', jsonb_build_object(
        'page', ${pageSnapshot}, 'pageId', p.id, 'notice', ${notice}::text,
        'maintenance', jsonb_build_object('title', w.title, 'description', w.description, 'startsAt', o.starts_at, 'endsAt', o.ends_at,
          'occurrenceId', o.id,
          'components', (SELECT coalesce(jsonb_agg(DISTINCT c.name), '[]') FROM status_page_components c
                         JOIN status_page_component_monitors cm ON cm.component_id = c.id
                         JOIN maintenance_window_monitors wm ON wm.monitor_id = cm.monitor_id AND wm.window_id = w.id
                         WHERE c.page_id = p.id)))
      FROM pair JOIN maintenance_occurrences o ON o.id = pair.occurrence_id JOIN maintenance_windows w ON w.id = o.window_id
      JOIN status_pages p ON p.id = pair.page_id
      WHERE p.password_hash IS NULL AND EXISTS (SELECT 1 FROM status_page_subscribers s WHERE s.page_id = p.id AND s.confirmed_at IS NOT NULL)
      RETURNING id, (payload->>'pageId')::uuid AS page_id, (payload->'maintenance'->>'occurrenceId')::uuid AS occurrence_id
    )
    INSERT INTO notification_deliveries (event_id, subscriber_id)
    SELECT ev.id, s.id FROM ev JOIN maintenance_occurrences o ON o.id = ev.occurrence_id
    JOIN status_page_subscribers s ON s.page_id = ev.page_id AND s.confirmed_at IS NOT NULL
    WHERE s.all_components OR EXISTS (
      SELECT 1 FROM status_page_subscriber_components sc JOIN status_page_component_monitors cm ON cm.component_id = sc.component_id
      JOIN maintenance_window_monitors wm ON wm.monitor_id = cm.monitor_id AND wm.window_id = o.window_id
      WHERE sc.subscriber_id = s.id)`);
}
