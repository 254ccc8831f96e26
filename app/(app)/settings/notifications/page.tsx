import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { FormSuccess } from '@/components/ui/form-message';
import { TimeAgo } from '@/components/ui/time-ago';
import { componentChoices, listChannels, monitorChoices } from '@/db/queries/notifications';
import { DEFAULT_EVENTS } from '@/lib/notifications/kind-forms';
import type { ChannelKind } from '@/db/schema/notifications';
import { requireTeam } from '@/lib/auth/session';
import { mailConfigured } from '@/lib/mail/send';
import { destination, KIND_LABELS } from '@/lib/notifications/kinds';
import { param, type SearchParams } from '@/lib/search-params';
import { SettingsTabs } from '../_components/settings-tabs';
import { ChannelForm } from './_components/channel-form';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const [channels, monitors, components, params] = await Promise.all([listChannels(ctx.teamId), monitorChoices(ctx.teamId), componentChoices(ctx.teamId), searchParams]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/notifications" />
      <FormSuccess message={param(params.notice) === 'deleted' ? 'Channel deleted.' : undefined} />

      <Card title="Channels" description="Where Watchpost tells you when a monitor goes down, is acknowledged, comes back, or an agent goes offline.">
        {channels.length === 0 ? (
          <p className="text-sm text-slate-600">No channels yet: incidents open and resolve without telling anyone. Add one below.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-slate-600">
              <tr>
                <th className="py-1 pr-4 font-medium">Name</th>
                <th className="py-1 pr-4 font-medium">Kind</th>
                <th className="hidden py-1 pr-4 font-medium sm:table-cell">Sends to</th>
                <th className="py-1 pr-4 font-medium">Monitors</th>
                <th className="py-1 pr-4 font-medium">State</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((channel) => (
                <tr key={channel.id} className="border-t border-slate-100">
                  <td className="py-2 pr-4">
                    <Link href={`/settings/notifications/${channel.id}`} className="font-medium text-brand-700 hover:underline">
                      {channel.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-4">{KIND_LABELS[channel.kind as ChannelKind]}</td>
                  <td className="hidden max-w-xs truncate py-2 pr-4 text-slate-700 sm:table-cell">{destination(channel)}</td>
                  <td className="py-2 pr-4">{channel.allMonitors ? 'All' : [channel.chosenMonitors, channel.chosenComponents ? `+ ${channel.chosenComponents} component${channel.chosenComponents === 1 ? '' : 's'}` : null].filter(Boolean).join(' ')}</td>
                  <td className="py-2 pr-4">
                    {channel.failingSince ? (
                      <span className="font-medium text-red-700" title={channel.failingReason ?? undefined}>
                        Failing
                      </span>
                    ) : channel.lastDeliveredAt ? (
                      <span className="text-slate-700">
                        OK, last sent <TimeAgo date={channel.lastDeliveredAt} />
                      </span>
                    ) : (
                      <span className="text-slate-600">Nothing sent yet</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="Add a channel" description="Secrets (webhook URLs and signing secrets, tokens, extra headers) are stored encrypted and never shown again.">
        {mailConfigured() ? null : (
          <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
            This server has no outgoing mail (WATCHPOST_SMTP_URL is not set): e-mail channels will fail until the operator sets it.
          </p>
        )}
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageChannels)}><ChannelForm initial={{ name: '', kind: 'webhook', settings: {}, allMonitors: true, monitorIds: [], componentIds: [], reminderMinutes: null, events: DEFAULT_EVENTS }} monitors={monitors} components={components} /></Allowed>
      </Card>
    </div>
  );
}
