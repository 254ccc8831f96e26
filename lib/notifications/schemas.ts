import { z } from 'zod';
import { CHANNEL_KINDS } from '@/db/schema/notifications';
import { checkedIds, monitorIdsOf } from '@/lib/checked-ids';
import { isUuid } from '@/lib/ids';
import { ROUTABLE_EVENT_KINDS } from './kind-forms';
import { channelCommonSchema, parseKindFields } from './kinds';

// The channel forms, as posted (flat strings; monitors as `monitor:<id>` checkboxes).

const channelId = z.uuid({ error: 'That notification channel does not exist.' });

function channelForm(editing: boolean) {
  return z
    // Loose: the kind's own fields and the monitor checkboxes pass through to the transform.
    .looseObject({ ...channelCommonSchema.shape, kind: z.enum(CHANNEL_KINDS, { error: 'Choose what kind of channel.' }) })
    .transform((form, ctx) => {
      const parsed = parseKindFields(form.kind, form, editing);
      if ('problems' in parsed) {
        for (const [path, message] of Object.entries(parsed.problems)) ctx.addIssue({ code: 'custom', path: [path], message });
        return z.NEVER;
      }
      return {
        name: form.name,
        kind: form.kind,
        allMonitors: form.allMonitors,
        reminderMinutes: form.reminderMinutes,
        events: checkedIds(form, 'event').filter((kind) => (ROUTABLE_EVENT_KINDS as string[]).includes(kind)),
        monitorIds: monitorIdsOf(form),
        componentIds: checkedIds(form, 'component').filter(isUuid),
        ...parsed,
      };
    });
}

export const createChannelSchema = channelForm(false);
export const updateChannelSchema = z.object({ channelId }).and(channelForm(true));
export const channelRefSchema = z.object({ channelId });
export const deleteChannelSchema = z.object({ channelId, confirm: z.literal('on', { error: 'Tick the box to confirm.' }) });
export const deliveryRefSchema = z.object({ deliveryId: z.uuid({ error: 'That delivery does not exist.' }) });
export const monitorChannelsSchema = z
  .looseObject({
    monitorId: z.uuid({ error: 'That monitor does not exist.' }),
    /** '' : none */
    escalationPolicyId: z.union([z.literal(''), z.uuid({ error: 'Choose one of your team’s escalation policies.' })]).optional(),
  })
  .transform((form) => ({
  monitorId: form.monitorId,
  escalationPolicyId: form.escalationPolicyId === undefined ? undefined : form.escalationPolicyId || null,
  channelIds: Object.keys(form)
    .filter((key) => key.startsWith('channel:') && form[key] === 'on')
    .map((key) => key.slice('channel:'.length)),
}));
