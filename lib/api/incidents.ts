import 'server-only';
import { getIncident, type IncidentListItem, incidentsAfter, type IncidentState } from '@/db/queries/incidents';
import type { ApiIncident } from '@/lib/contracts/api';
import { AppError } from '@/lib/errors';
import { incidentTimeline } from '@/lib/incidents/timeline';
import type { TeamContext } from '@/lib/teams/roles';
import { isoTime, type Page, pageAfter, pageQuery } from './pages';

// Incidents through the API: the same rows and timeline as the incident pages.

function toApi(incident: IncidentListItem): ApiIncident {
  return {
    id: incident.id,
    monitorId: incident.monitorId,
    monitorName: incident.monitorName,
    state: incident.status,
    startedAt: incident.startedAt.toISOString(),
    acknowledgedAt: isoTime(incident.acknowledgedAt),
    acknowledgedBy: incident.acknowledgedBy,
    resolvedAt: isoTime(incident.resolvedAt),
    resolvedBy: incident.resolvedBy,
    ttrSeconds: incident.ttrSeconds,
    inMaintenance: incident.inMaintenance,
  };
}

export async function apiIncident(ctx: TeamContext, id: string) {
  const incident = await getIncident(ctx.teamId, id);
  if (!incident) throw new AppError('NOT_FOUND', 'That incident does not exist.');
  const timeline = incidentTimeline(incident).map((entry) => ({ at: entry.at.toISOString(), kind: entry.kind, text: entry.detail ? `${entry.label}: ${entry.detail}` : entry.label }));
  return { ...toApi(incident), timeline };
}

export async function listApiIncidents(
  ctx: TeamContext,
  filters: { state?: IncidentState; monitorId?: string; since?: string },
  page: { limit: number; cursor?: string },
): Promise<Page<ApiIncident>> {
  const rows = await incidentsAfter(
    ctx.teamId,
    { state: filters.state, monitorId: filters.monitorId, since: filters.since ? new Date(filters.since) : undefined },
    { limit: page.limit, after: pageQuery(page.cursor) },
  );
  return pageAfter(rows, page.limit, toApi, (row) => row.position);
}
