import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { FormSuccess } from '@/components/ui/form-message';
import { TimeAgo } from '@/components/ui/time-ago';
import { listStatusPages } from '@/db/queries/status-pages';
import { requireTeam } from '@/lib/auth/session';
import { plural } from '@/lib/format';
import { param, type SearchParams } from '@/lib/search-params';
import { viewerTimeZone } from '@/lib/viewer';
import { StatusPageForm } from './_components/status-page-forms';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Status pages' };

export default async function StatusPagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const [pages, params, timeZone] = await Promise.all([listStatusPages(ctx.teamId), searchParams, viewerTimeZone()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Status pages</h1>
      <FormSuccess message={param(params.notice) === 'deleted' ? 'Status page deleted.' : undefined} />
      <Card title="Your pages" description="Public pages that tell your customers how your services are doing, without showing the monitors behind them.">
        {pages.length === 0 ? (
          <p className="text-sm text-slate-600">No status pages yet. Create one below, then add components backed by your monitors.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-slate-600">
                <tr>
                  <th className="py-1 pr-4 font-medium">Title</th>
                  <th className="py-1 pr-4 font-medium">Public address</th>
                  <th className="py-1 pr-4 font-medium">Components</th>
                  <th className="hidden py-1 pr-4 font-medium sm:table-cell">Changed</th>
                </tr>
              </thead>
              <tbody>
                {pages.map((page) => (
                  <tr key={page.id} className="border-t border-slate-100">
                    <td className="py-2 pr-4">
                      <Link href={`/status-pages/${page.id}`} className="font-medium text-brand-700 hover:underline">
                        {page.title}
                      </Link>
                      {page.protected ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">password</span> : null}
                    </td>
                    <td className="py-2 pr-4">
                      <a href={`/s/${page.slug}`} className="text-brand-700 hover:underline">
                        /s/{page.slug}
                      </a>
                    </td>
                    <td className="py-2 pr-4">{plural(page.components, 'component')}</td>
                    <td className="hidden py-2 pr-4 text-slate-600 sm:table-cell">
                      <TimeAgo date={page.updatedAt} timeZone={timeZone} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="Create a status page">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageStatusPages)}><StatusPageForm initial={{ title: '', slug: '', description: '', logoUrl: '', timeZone, customHost: '', allowFraming: false, sloDays: null }} /></Allowed>
      </Card>
    </div>
  );
}
