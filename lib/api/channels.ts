import 'server-only';
import { getChannel, listChannels } from '@/db/queries/notifications';
import type { ChannelKind } from '@/db/schema/notifications';
import type { ApiChannel, ApiChannelInput } from '@/lib/contracts/api';
import { AppError } from '@/lib/errors';
import { DEFAULT_EVENTS, KIND_FORMS, secretNames } from '@/lib/notifications/kind-forms';
import { type ChannelSettings, destination, parseKindFields } from '@/lib/notifications/kinds';
import { type ChannelInput, openSecrets } from '@/lib/notifications/manage';
import { db } from '@/db';
import { notificationChannels } from '@/db/schema';
import { and, eq } from 'drizzle-orm';
import type { TeamContext } from '@/lib/teams/roles';
import { invalid } from './handler';
import { isoTime } from './pages';

// Notification channels through the API: by the channel form's rules (lib/notifications/kinds.ts);
// secrets are write-only, shown as set or unset.

export async function apiChannel(ctx: TeamContext, id: string): Promise<ApiChannel> {
  const channel = await getChannel(ctx.teamId, id);
  if (!channel) throw new AppError('NOT_FOUND', 'That notification channel does not exist.');
  const [stored] = await db
    .select({ secrets: notificationChannels.secretsEncrypted })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, id), eq(notificationChannels.teamId, ctx.teamId)));
  const secrets = openSecrets(stored!.secrets, id) as Record<string, unknown>;
  const kind = channel.kind as ChannelKind;
  const s = channel.settings;
  return {
    id: channel.id,
    name: channel.name,
    kind,
    destination: destination({ kind, settings: s }),
    allMonitors: channel.allMonitors,
    monitorIds: channel.allMonitors ? [] : channel.monitorIds,
    reminderMinutes: channel.reminderMinutes,
    events: channel.events,
    componentIds: channel.allMonitors ? [] : channel.componentIds,
    degradedEvents: channel.events.includes('monitor.degraded'),
    partialEvents: channel.events.includes('monitor.partial'),
    ...shownSettings(kind, s),
    secrets: Object.fromEntries(
      secretNames(kind).map((name) => {
        const value = secrets[name];
        return [name, value && (typeof value !== 'object' || Object.keys(value).length > 0) ? 'set' : 'unset'];
      }),
    ) as ApiChannel['secrets'],
    failingSince: isoTime(channel.failingSince),
    createdAt: isoTime(channel.createdAt),
  };
}

export async function listApiChannels(ctx: TeamContext): Promise<ApiChannel[]> {
  return Promise.all((await listChannels(ctx.teamId)).map((channel) => apiChannel(ctx, channel.id)));
}

const EMPTY: Partial<Record<keyof ChannelSettings, unknown>> = { addresses: [], members: null, headerNames: [] };

/** The settings of its kind that a channel shows (KIND_FORMS' `shown`), each present. */
export function shownSettings(kind: ChannelKind, settings: ChannelSettings): Partial<ChannelSettings> {
  return Object.fromEntries(KIND_FORMS[kind].shown.map((key) => [key, settings[key] ?? (key in EMPTY ? EMPTY[key] : '')])) as Partial<ChannelSettings>;
}

/** The shown settings that are also inputs (a webhook's header names come from its headers). */
export function settingInputs(kind: ChannelKind, settings: ChannelSettings): Partial<ChannelSettings> {
  const { headerNames: _, ...inputs } = shownSettings(kind, settings);
  return inputs;
}

/** The body's events, with the deprecated degradedEvents/partialEvents applied on top (absent: the default, or unchanged on PATCH). */
function eventsOfInput(input: ApiChannelInput): string[] | undefined {
  if (input.degradedEvents === undefined && input.partialEvents === undefined) return input.events;
  const events = new Set<string>(input.events ?? DEFAULT_EVENTS);
  const toggle = (on: boolean | undefined, kinds: string[]) => on !== undefined && kinds.forEach((kind) => (on ? events.add(kind) : events.delete(kind)));
  toggle(input.degradedEvents, ['monitor.degraded', 'monitor.recovered']);
  toggle(input.partialEvents, ['monitor.partial']);
  return [...events];
}

/** The channel the form's rules make of an API body (editing: absent secrets keep the saved ones). */
export function channelInputOf(input: ApiChannelInput, editing = false): ChannelInput {
  const name = input.name.trim();
  if (!name) throw invalid('The channel is not valid; see details.', [{ field: 'name', message: 'Give the channel a name.' }]);
  // The body's fields as the form posts them: lists as text, absent as empty.
  const form: Record<string, unknown> = { ...input };
  form.addresses = (input.addresses ?? []).join(', ');
  form.members = input.members ?? '';
  form.headers = input.headers ? Object.entries(input.headers).map(([header, value]) => `${header}: ${value}`).join('\n') : '';
  const parsed = parseKindFields(input.kind, form, editing);
  if ('problems' in parsed) throw invalid('The channel is not valid; see details.', Object.entries(parsed.problems).map(([field, message]) => ({ field, message })));
  return {
    ...parsed,
    name,
    kind: input.kind,
    allMonitors: input.allMonitors,
    monitorIds: input.monitorIds,
    reminderMinutes: input.reminderMinutes ?? undefined,
    events: eventsOfInput(input),
    componentIds: input.componentIds,
  };
}

/** What PATCH merges into: the channel's settings as an API body (no secrets: absent keeps them). */
export function inputOfChannel(channel: ApiChannel): ApiChannelInput {
  return {
    name: channel.name,
    kind: channel.kind,
    allMonitors: channel.allMonitors,
    monitorIds: channel.monitorIds,
    reminderMinutes: channel.reminderMinutes,
    events: channel.events as ApiChannelInput['events'],
    componentIds: channel.componentIds,
    ...(settingInputs(channel.kind, channel as ChannelSettings) as Partial<ApiChannelInput>),
    members: channel.members ?? undefined,
  };
}
