import type { IncidentListItem } from '@/db/queries/incidents';
import { formatDuration } from '@/lib/format';

// An incident's timeline, as its page shows it and the API returns it: one list for both.

export interface TimelineEntry {
  kind: 'failing' | 'opened' | 'acknowledged' | 'resolved';
  label: string;
  at: Date;
  detail: string | null;
}

export function incidentTimeline(incident: IncidentListItem, now = new Date()): TimelineEntry[] {
  const duration = ((incident.resolvedAt ?? now).getTime() - incident.startedAt.getTime()) / 1000;
  const entries: (TimelineEntry | null)[] = [
    { kind: 'failing', label: 'First failing check', at: incident.startedAt, detail: null },
    incident.openedAt ? { kind: 'opened', label: 'Incident opened', at: incident.openedAt, detail: 'the failures reached the monitor’s threshold' } : null,
    incident.acknowledgedAt ? { kind: 'acknowledged', label: 'Acknowledged', at: incident.acknowledgedAt, detail: `by ${incident.acknowledgedBy ?? 'a deleted user'}` } : null,
    incident.resolvedAt
      ? { kind: 'resolved', label: 'Resolved', at: incident.resolvedAt, detail: `after ${formatDuration(incident.ttrSeconds ?? duration)}${incident.resolvedBy ? `, by ${incident.resolvedBy}` : ''}` }
      : null,
  ];
  return entries.filter((entry) => entry !== null);
}
