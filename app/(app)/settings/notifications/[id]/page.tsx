import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { channelDeliveries, componentChoices, getChannel, monitorChoices } from '@/db/queries/notifications';
import type { ChannelKind } from '@/db/schema/notifications';
import { requireTeam } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { isUuid } from '@/lib/ids';
import { destination, KIND_LABELS } from '@/lib/notifications/kinds';
import { viewerTimeZone } from '@/lib/viewer';
import { SettingsTabs } from '../../_components/settings-tabs';
import { DeleteChannelForm, ResendButton, RotateSecretForm, SendTestButton } from '../_components/channel-actions';
import { ChannelForm } from '../_components/channel-form';
import { switchToTeamOf } from '@/lib/teams/switching';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Notification channel' };

const EVENT_LABELS: Record<string, string> = {
  'incident.opened': 'Down',
  'incident.acknowledged': 'Acknowledged',
  'incident.resolved': 'Up again',
  'incident.reminder': 'Reminder',
  'monitor.flapping': 'Flapping',
  'agent.offline': 'Agent offline',
  'agent.online': 'Agent online',
  test: 'Test',
};

const STATE_STYLES: Record<string, string> = {
  delivered: 'bg-emerald-100 text-emerald-900',
  queued: 'bg-amber-100 text-amber-900',
  failed: 'bg-red-100 text-red-900',
  folded: 'bg-slate-100 text-slate-700',
};

export default async function ChannelPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireTeam();
  const { id } = await params;
  const channel = isUuid(id) ? await getChannel(ctx.teamId, id) : null;
  if (!channel) {
    await switchToTeamOf('channel', id, `/settings/notifications/${id}`);
    notFound();
  }
  const [deliveries, monitors, components, timeZone] = await Promise.all([channelDeliveries(ctx.teamId, channel.id), monitorChoices(ctx.teamId), componentChoices(ctx.teamId), viewerTimeZone()]);
  const kind = channel.kind as ChannelKind;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/notifications" />
      <p className="text-sm">
        <Link href="/settings/notifications" className="text-brand-700 hover:underline">
          ← All channels
        </Link>
      </p>
      <h2 className="text-xl font-semibold">
        {channel.name} <span className="text-base font-normal text-slate-600">· {KIND_LABELS[kind]} · {destination(channel)}</span>
      </h2>
      {channel.failingSince ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Failing since {formatDateTime(channel.failingSince, timeZone, { seconds: false })}: {channel.failingReason}. Fix the channel below and send a test; the next success clears this.
        </p>
      ) : null}

      <Card title="Delivery log" description="The last 30 days: every message, its attempts with the receiver's answer, delivered, retrying, failed, or folded into a flapping message.">
        <div className="mb-4">
          <SendTestButton channelId={channel.id} />
        </div>
        {deliveries.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing sent in the last 30 days.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Deliveries">
            {deliveries.map((delivery) => (
              <li key={delivery.id} className="py-3 text-sm" data-testid="delivery">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${STATE_STYLES[delivery.state] ?? ''}`}>
                    {delivery.state === 'queued' && delivery.attempts > 0 ? 'retrying' : delivery.state}
                  </span>
                  <span className="font-medium">{EVENT_LABELS[delivery.kind] ?? delivery.kind}</span>
                  {delivery.monitorName ? <span>{delivery.monitorName}</span> : delivery.agentName ? <span>{delivery.agentName}</span> : null}
                  {delivery.incidentId ? (
                    <Link className="text-brand-700 hover:underline" href={`/incidents/${delivery.incidentId}`}>
                      incident
                    </Link>
                  ) : null}
                  <span className="tabular-nums text-slate-600">{formatDateTime(delivery.createdAt, timeZone)}</span>
                  {delivery.state === 'queued' && delivery.attempts > 0 ? (
                    <span className="text-slate-600">next try {formatDateTime(delivery.dueAt, timeZone)}</span>
                  ) : null}
                  {delivery.state !== 'queued' ? <ResendButton deliveryId={delivery.id} label={`Resend ${EVENT_LABELS[delivery.kind] ?? delivery.kind} of ${formatDateTime(delivery.createdAt, timeZone)}`} /> : null}
                </div>
                {delivery.attemptLog.length ? (
                  <ol className="mt-1 space-y-0.5 pl-4 text-xs text-slate-700">
                    {delivery.attemptLog.map((attempt, index) => (
                      <li key={index}>
                        <span className="tabular-nums">{formatDateTime(attempt.startedAt, timeZone)}</span> · {attempt.ok ? 'delivered' : 'failed'}
                        {attempt.statusCode ? ` · ${attempt.statusCode}` : ''} · {attempt.durationMs} ms{attempt.error ? ` · ${attempt.error}` : ''}
                      </li>
                    ))}
                  </ol>
                ) : null}
                <p className="mt-1 text-xs text-slate-500">event {delivery.eventId}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Edit channel">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageChannels)}><ChannelForm
          initial={{
            channelId: channel.id,
            name: channel.name,
            kind,
            settings: channel.settings,
            allMonitors: channel.allMonitors,
            monitorIds: channel.monitorIds,
            componentIds: channel.componentIds,
            reminderMinutes: channel.reminderMinutes,
            events: channel.events,
          }}
          monitors={monitors}
          components={components}
        /></Allowed>
      </Card>

      {kind === 'webhook' ? (
        <Card title="Signing secret" description="Rotating makes a new secret at once; requests are signed with it from then on.">
          <Allowed reason={refusal(ctx.role, PERMISSIONS.manageChannels)}><RotateSecretForm channelId={channel.id} /></Allowed>
        </Card>
      ) : null}

      <Card title="Delete channel">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageChannels)}><DeleteChannelForm channelId={channel.id} /></Allowed>
      </Card>
    </div>
  );
}
