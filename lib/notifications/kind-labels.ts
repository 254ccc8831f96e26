import type { ChannelKind } from '@/db/schema/notifications';

// The kinds of channel as people read them, without zod or the schema module: the channel
// form (a client component) needs them, and zod in the browser probes `new Function`,
// which the pages' Content-Security-Policy refuses.

export const KIND_LABELS: Record<ChannelKind, string> = {
  email: 'E-mail',
  webhook: 'Webhook (signed)',
  slack: 'Slack',
  discord: 'Discord',
  telegram: 'Telegram',
  ntfy: 'ntfy',
};

/** Every kind, in the order the form offers them. */
export const CHANNEL_KIND_CHOICES = Object.keys(KIND_LABELS) as ChannelKind[];
