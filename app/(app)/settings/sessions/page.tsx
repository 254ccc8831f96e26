import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { TimeAgo } from '@/components/ui/time-ago';
import { listSessions } from '@/lib/accounts/sessions';
import { requireUser } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { viewerTimeZone } from '@/lib/viewer';
import { SettingsTabs } from '../_components/settings-tabs';
import { SignOutEverywhereForm } from '../_components/sign-out-everywhere-form';
import { EndOtherSessionsForm, EndSessionForm } from './_components/session-forms';

export const metadata: Metadata = { title: 'Sessions' };

export default async function SessionsPage() {
  const user = await requireUser();
  const [sessions, timeZone] = await Promise.all([listSessions({ userId: user.id, sessionId: user.sessionId }), viewerTimeZone()]);
  const others = sessions.filter((session) => !session.current).length;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/sessions" />

      <Card
        title="Where you are signed in"
        description="Each browser you signed in with, and when it was last used. Changing your password or a sign-in factor signs out all the others."
      >
        <div className="overflow-x-auto">
          <DataTable
            rows={sessions}
            rowKey={(session) => session.id}
            rowTestId="session-row"
            columns={[
              {
                header: 'Device',
                className: 'font-medium',
                cell: (session) => (
                  <>
                    {session.device}
                    {session.current ? <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900">this session</span> : null}
                  </>
                ),
              },
              { header: 'IP address', className: 'tabular-nums text-slate-700', cell: (session) => session.ip ?? 'Unknown' },
              { header: 'Signed in', hideBelow: 'md', className: 'tabular-nums text-slate-700', cell: (session) => formatDateTime(session.createdAt, timeZone) },
              { header: 'Last seen', hideBelow: 'sm', cell: (session) => (session.current ? 'Now' : <TimeAgo date={session.lastSeenAt} timeZone={timeZone} />) },
              { header: 'Actions', srOnly: true, cell: (session) => (session.current ? null : <EndSessionForm sessionId={session.id} device={session.device} />) },
            ]}
          />
        </div>
      </Card>

      <Card title="Sign out everywhere else" description={others === 0 ? 'You are not signed in anywhere else.' : 'Ends every session but this one.'}>
        <EndOtherSessionsForm />
      </Card>

      <Card title="Sign out everywhere" description="Signed in somewhere you no longer use? End every session, this one included.">
        <SignOutEverywhereForm />
      </Card>
    </div>
  );
}
