import { makeBadge } from 'badge-maker';
import { formatUptime } from '@/lib/format';
import { COMPONENT_STATUS_LABELS, type ComponentStatus } from './status';

// Badges of a status page's components, for READMEs: an SVG, or the JSON of a shields.io
// endpoint badge (https://shields.io/badges/endpoint-badge) for those who style it there.

export const UPTIME_PERIODS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 } as const;
export type UptimePeriod = keyof typeof UPTIME_PERIODS;
export const BADGE_STYLES = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

export interface BadgeRequest {
  kind: 'status' | 'uptime';
  period?: UptimePeriod;
  format: 'svg' | 'json';
}

/** `status.svg`, `uptime-30d.json`, …; null for anything else. */
export function parseBadgeFile(file: string): BadgeRequest | null {
  const match = /^(status|uptime-(24h|7d|30d|90d))\.(svg|json)$/.exec(file);
  if (!match) return null;
  return match[1] === 'status' ? { kind: 'status', format: match[3] as 'svg' | 'json' } : { kind: 'uptime', period: match[2] as UptimePeriod, format: match[3] as 'svg' | 'json' };
}

const STATUS_COLOURS: Record<ComponentStatus, string> = { operational: 'brightgreen', maintenance: 'blue', degraded: 'yellow', outage: 'red', unknown: 'lightgrey' };

function uptimeColour(uptime: number | null): string {
  if (uptime === null) return 'lightgrey';
  if (uptime >= 99.9) return 'brightgreen';
  if (uptime >= 99) return 'green';
  if (uptime >= 95) return 'yellow';
  return 'red';
}

export interface BadgeContent {
  label: string;
  message: string;
  color: string;
}

export function statusBadge(name: string, status: ComponentStatus): BadgeContent {
  return { label: name, message: COMPONENT_STATUS_LABELS[status].toLowerCase(), color: STATUS_COLOURS[status] };
}

export function uptimeBadge(name: string, period: UptimePeriod, uptime: number | null): BadgeContent {
  return { label: `${name} ${period}`, message: uptime === null ? 'no data' : formatUptime(uptime).replace(' ', ''), color: uptimeColour(uptime) };
}

export function renderBadge(content: BadgeContent, format: 'svg' | 'json', style: BadgeStyle = 'flat'): { body: string; contentType: string } {
  if (format === 'json') {
    return { body: JSON.stringify({ schemaVersion: 1, label: content.label, message: content.message, color: content.color }), contentType: 'application/json' };
  }
  return { body: makeBadge({ ...content, style }), contentType: 'image/svg+xml; charset=utf-8' };
}
