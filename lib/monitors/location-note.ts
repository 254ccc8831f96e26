// What a monitor checked from several locations says beside its status: which locations fail
// while it is partial, or why it is stale. Pure: the dashboard and the monitor page share it.

import type { LocationSummary } from '@/db/queries/locations';

const locations = (n: number) => `${n} location${n === 1 ? '' : 's'}`;

/** "1 of 3 locations failing: Frankfurt", "2 of 3 locations offline", or null. */
export function locationNote(status: string, counts: LocationSummary | undefined): string | null {
  if (!counts) return null;
  if (status === 'stale') return `${counts.total - counts.live} of ${locations(counts.total)} offline`;
  if (status === 'partial' && counts.failing.length) return `${counts.failing.length} of ${locations(counts.total)} failing: ${counts.failing.join(', ')}`;
  return null;
}
