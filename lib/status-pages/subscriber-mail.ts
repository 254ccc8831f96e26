import type { NotificationEventKind } from '@/db/schema/notifications';
import type { PostState } from '@/db/schema/status-pages';
import type { OutgoingMail } from '@/lib/mail/send';
import { formatDateTime } from '@/lib/format';
import { POST_STATE_LABELS } from './labels';
import type { MaintenanceNotice } from './subscriptions';

// What a status page subscriber receives, from an event's snapshot (public fields only:
// the page's title, a post's text, a window's title and times). Pure. Every mail carries
// the one-click unsubscribe link, in its text and in List-Unsubscribe with
// List-Unsubscribe-Post (RFC 8058), so mail clients can offer the button.

export interface SubscriberSnapshot {
  page: { slug: string; title: string; timeZone: string };
  post?: { id: string; title: string; impact: string; components: string[] };
  update?: { state: string; body: string; createdAt: string; first: boolean };
  notice?: MaintenanceNotice;
  maintenance?: { title: string; description: string; startsAt: string; endsAt: string; occurrenceId: string; components: string[] };
}

export interface SubscriberLinks {
  page: string;
  confirm: string;
  unsubscribe: string;
}

const NOTICES: Record<MaintenanceNotice, string> = {
  announced: 'Scheduled maintenance',
  soon: 'Maintenance starts within the hour',
  started: 'Maintenance in progress',
  ended: 'Maintenance completed',
  cancelled: 'Maintenance cancelled',
};

export function subscriberMail(
  event: { id: string; kind: NotificationEventKind; payload: SubscriberSnapshot },
  to: string,
  links: SubscriberLinks,
): OutgoingMail {
  const { page } = event.payload;
  const footer = ['', '--', `You get this because you subscribed to ${page.title}: ${links.page}`, `Unsubscribe (one click): ${links.unsubscribe}`];
  const headers = {
    'List-Unsubscribe': `<${links.unsubscribe}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `${page.title.replace(/[<>"\r\n]/g, '')} <${page.slug}.status.watchpost>`,
    'X-Watchpost-Event-Id': event.id,
    'Auto-Submitted': 'auto-generated',
  };
  if (event.kind === 'status.confirm') {
    return {
      to,
      subject: `Confirm your subscription to ${page.title}`,
      text: [
        `Someone (we hope you) asked to get e-mail about ${page.title} at this address: incidents and maintenance.`,
        '',
        `Confirm the subscription: ${links.confirm}`,
        '',
        'If it was not you, do nothing: without confirmation you get no further mail.',
        ...footer,
      ].join('\n'),
      headers,
      messageId: `<event-${event.id}@watchpost>`,
    };
  }
  if (event.kind === 'status.post' && event.payload.post && event.payload.update) {
    const { post, update } = event.payload;
    const thread = `<post-${post.id}@watchpost>`;
    return {
      to,
      subject: `[${page.title}] ${POST_STATE_LABELS[update.state as PostState] ?? update.state}: ${post.title}`,
      text: [
        post.title,
        `${POST_STATE_LABELS[update.state as PostState] ?? update.state} · ${formatDateTime(new Date(update.createdAt), page.timeZone, { seconds: false })} (${page.timeZone})`,
        ...(post.components.length ? [`Affects: ${post.components.join(', ')}`] : []),
        '',
        update.body,
        '',
        `Follow it: ${links.page}#post-${post.id}`,
        ...footer,
      ].join('\n'),
      headers,
      messageId: update.first ? thread : `<event-${event.id}@watchpost>`,
      ...(update.first ? {} : { inReplyTo: thread, references: thread }),
    };
  }
  if (event.kind === 'status.maintenance' && event.payload.maintenance && event.payload.notice) {
    const { maintenance, notice } = event.payload;
    const at = (iso: string) => formatDateTime(new Date(iso), page.timeZone, { seconds: false });
    const thread = `<maintenance-${maintenance.occurrenceId}@watchpost>`;
    return {
      to,
      subject: `[${page.title}] ${NOTICES[notice]}: ${maintenance.title}`,
      text: [
        maintenance.title,
        `${at(maintenance.startsAt)} – ${at(maintenance.endsAt)} (${page.timeZone})`,
        ...(maintenance.components.length ? [`Affects: ${maintenance.components.join(', ')}`] : []),
        ...(maintenance.description ? ['', maintenance.description] : []),
        '',
        `Status: ${links.page}`,
        ...footer,
      ].join('\n'),
      headers,
      messageId: notice === 'announced' ? thread : `<event-${event.id}@watchpost>`,
      ...(notice === 'announced' ? {} : { inReplyTo: thread, references: thread }),
    };
  }
  throw new Error(`No subscriber mail for a ${event.kind} event.`);
}
