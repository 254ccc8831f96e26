import { DAY_MS, HOUR_MS, type Range } from '@/lib/rollups/windows';
import { dateToWallTime, wallTimeToDate } from '@/lib/timezone';

// The ranges a monitor page and its CSV export offer: fixed ones ending now, or a custom
// from–to typed as wall-clock times in the viewer's time zone.

export const PRESET_RANGES = { '1h': HOUR_MS, '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '90d': 90 * DAY_MS } as const;
export type PresetRange = keyof typeof PRESET_RANGES;
export const PRESET_LABELS: Record<PresetRange, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d', '30d': '30 d', '90d': '90 d' };
/** Custom ranges reach back at most this far (the rollups' retention) and span at least a minute. */
const LONGEST_CUSTOM_MS = 400 * DAY_MS;

export interface ChosenRange extends Range {
  key: PresetRange | 'custom';
  /** The custom bounds as typed (wall-clock, for the form), when custom. */
  fromInput: string;
  toInput: string;
  error?: string;
}

export function chooseRange(params: { range?: string; from?: string; to?: string }, timeZone: string, now: Date): ChosenRange {
  const preset = (key: PresetRange, error?: string): ChosenRange => {
    const from = new Date(now.getTime() - PRESET_RANGES[key]);
    return { key, from, to: now, fromInput: dateToWallTime(from, timeZone), toInput: dateToWallTime(now, timeZone), error };
  };
  if (params.range !== 'custom') return preset((Object.keys(PRESET_RANGES) as PresetRange[]).find((key) => key === params.range) ?? '24h');
  const from = wallTimeToDate(params.from ?? '', timeZone);
  const to = wallTimeToDate(params.to ?? '', timeZone);
  if (!from || !to) return preset('24h', 'Enter both a start and an end (date and time).');
  if (to.getTime() - from.getTime() < 60_000) return preset('24h', 'The end must be at least a minute after the start.');
  if (from.getTime() < now.getTime() - LONGEST_CUSTOM_MS) return preset('24h', 'Ranges can reach back at most 400 days.');
  const end = new Date(Math.min(to.getTime(), now.getTime()));
  if (end.getTime() <= from.getTime()) return preset('24h', 'The start is in the future.');
  return { key: 'custom', from, to: end, fromInput: params.from!, toInput: params.to! };
}
