import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { getIncident } from '@/db/queries/incidents';
import { statusPageForOwner } from '@/db/queries/status-pages';
import { requireTeam } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { param, type SearchParams } from '@/lib/search-params';
import { type NewPostDraft, NewPostForm } from '../../../_components/post-forms';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'New incident post' };

const UUID = /^[0-9a-f-]{36}$/i;

// GET /status-pages/[id]/posts/new[?incident=…] — write a post; from an automatic incident it comes prefilled
export default async function NewPostPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const page = await statusPageForOwner(ctx.teamId, id);
  if (!page) notFound();
  const incidentId = param((await searchParams).incident);
  const incident = incidentId && UUID.test(incidentId) ? await getIncident(ctx.teamId, incidentId) : null;
  const affected = incident ? page.components.filter((component) => component.monitors.some((monitor) => monitor.id === incident.monitorId)) : [];
  const names = affected.map((component) => component.name).join(', ');
  const draft: NewPostDraft = incident
    ? {
        title: `${names || page.title}: service disruption`,
        impact: 'major',
        componentIds: affected.map((component) => component.id),
        body: `We are investigating a problem with ${names || 'our service'} since ${formatDateTime(incident.startedAt, page.timeZone, { seconds: false })} (${page.timeZone}).`,
        incidentId: incident.id,
      }
    : { title: '', impact: 'minor', componentIds: [], body: '' };
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/status-pages/${page.id}`} className="text-sm text-brand-700 hover:underline">
          ← {page.title}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">New incident post</h1>
        {incident ? <p className="text-sm text-slate-600">Drafted from the incident of {incident.monitorName}; edit it before you publish. The monitor's name is not shown publicly.</p> : null}
      </div>
      <Card title="Post">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.postUpdates)}><NewPostForm pageId={page.id} components={page.components.map(({ id: componentId, name }) => ({ id: componentId, name }))} draft={draft} /></Allowed>
      </Card>
    </div>
  );
}
