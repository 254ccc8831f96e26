import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { requireTeam } from '@/lib/auth/session';
import { listApiTokens } from '@/db/queries/api-tokens';
import { formatDateTime } from '@/lib/format';
import { publicServerUrl } from '@/lib/server-url';
import { PERMISSIONS, refusal, ROLE_LABELS } from '@/lib/teams/roles';
import { viewerTimeZone } from '@/lib/viewer';
import { SettingsTabs } from '../_components/settings-tabs';
import { CreateApiTokenForm, RevokeApiTokenForm } from './_components/api-token-forms';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  const { ctx, team } = await requireTeam();
  const reason = refusal(ctx.role, PERMISSIONS.manageApiTokens);
  const [tokens, timeZone, origin] = reason ? [[], 'UTC', ''] : await Promise.all([listApiTokens(ctx.teamId), viewerTimeZone(), publicServerUrl()]);
  const now = Date.now();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/api-tokens" />
      {reason ? (
        <Card title="API tokens">
          <p className="text-sm text-slate-700">{reason}</p>
        </Card>
      ) : (
        <>
          <Card
            title="Create an API token"
            description={`A token lets a script or CI job use the management API for ${team.name}, with the role you choose (never more than yours). It works only on /api/v1/, never on pages.`}
          >
            <CreateApiTokenForm origin={origin} />
            <p className="mt-3 text-sm text-slate-600">
              The reference:{' '}
              <a href="/api/v1/openapi.json" className="text-brand-700 hover:underline">
                OpenAPI document
              </a>{' '}
              (docs/api.md in the source has a guide with curl examples).
            </p>
          </Card>
          <Card title="Tokens" description="A token acts as the admin who made it: it stops working when they leave the team, and never has more rights than they have now.">
            {tokens.length === 0 ? (
              <p className="text-sm text-slate-600">No tokens yet.</p>
            ) : (
              <div className="overflow-x-auto">
                <DataTable
                  rows={tokens}
                  rowKey={(token) => token.id}
                  rowTestId="api-token-row"
                  columns={[
                    {
                      header: 'Name',
                      className: 'font-medium',
                      cell: (token) => (
                        <>
                          {token.name}
                          {token.revokedAt ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">revoked</span> : null}
                          {!token.revokedAt && token.expiresAt && token.expiresAt.getTime() <= now ? (
                            <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">expired</span>
                          ) : null}
                        </>
                      ),
                    },
                    { header: 'Role', cell: (token) => ROLE_LABELS[token.role] },
                    {
                      header: 'Created',
                      hideBelow: 'md',
                      cell: (token) => (
                        <>
                          <span className="tabular-nums text-slate-700">{formatDateTime(token.createdAt, timeZone)}</span>
                          <span className="block break-all text-xs text-slate-500">by {token.createdBy ?? 'a deleted account'}</span>
                        </>
                      ),
                    },
                    { header: 'Expires', hideBelow: 'sm', className: 'tabular-nums text-slate-700', cell: (token) => (token.expiresAt ? formatDateTime(token.expiresAt, timeZone) : 'Never') },
                    {
                      header: 'Last used',
                      hideBelow: 'md',
                      cell: (token) =>
                        token.lastUsedAt ? (
                          <>
                            <span className="tabular-nums text-slate-700">{formatDateTime(token.lastUsedAt, timeZone)}</span>
                            {token.lastUsedIp ? <span className="block text-xs text-slate-500">from {token.lastUsedIp}</span> : null}
                          </>
                        ) : (
                          'Never'
                        ),
                    },
                    { header: 'Actions', srOnly: true, cell: (token) => (token.revokedAt ? null : <RevokeApiTokenForm tokenId={token.id} name={token.name} />) },
                  ]}
                />
              </div>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
