import { PRESET_RANGES } from '@/lib/rollups/ranges';
import type { Range } from '@/lib/rollups/windows';
import { invalid } from './handler';

const LONGEST_MS = 400 * 86_400_000;

/** A summary's range: a preset (24h by default) or from–to, at most 400 days back, to at most now. */
export function summaryRange(query: { range?: keyof typeof PRESET_RANGES; from?: string; to?: string }, now: Date): Range {
  if (query.from === undefined && query.to === undefined) return { from: new Date(now.getTime() - PRESET_RANGES[query.range ?? '24h']), to: now };
  if (query.range !== undefined) throw invalid('Give either range or from and to.', [{ field: 'range', message: 'Give either range or from and to.' }]);
  if (query.from === undefined || query.to === undefined) throw invalid('Give both from and to.', [{ field: query.from === undefined ? 'from' : 'to', message: 'Give both from and to.' }]);
  const from = new Date(query.from);
  const to = new Date(Math.min(Date.parse(query.to), now.getTime()));
  if (from.getTime() < now.getTime() - LONGEST_MS) throw invalid('Ranges reach back at most 400 days.', [{ field: 'from', message: 'At most 400 days ago.' }]);
  if (to.getTime() - from.getTime() < 60_000) throw invalid('The range must span at least a minute, and end after it starts.', [{ field: 'to', message: 'At least a minute after from, and not in the future only.' }]);
  return { from, to };
}
