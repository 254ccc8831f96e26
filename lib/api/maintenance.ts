import 'server-only';
import { listMaintenance, maintenanceForOwner } from '@/db/queries/maintenance';
import type { ApiMaintenance, ApiMaintenanceInput } from '@/lib/contracts/api';
import { AppError } from '@/lib/errors';
import { maintenanceFormSchema, type MaintenanceInput } from '@/lib/maintenance/schemas';
import type { TeamContext } from '@/lib/teams/roles';
import { dateToWallTime } from '@/lib/timezone';
import { invalid } from './handler';

// Maintenance windows through the API, by the maintenance form's rules (lib/maintenance/schemas.ts).

const notFound = () => new AppError('NOT_FOUND', 'That maintenance does not exist.');

export async function apiMaintenance(ctx: TeamContext, id: string): Promise<ApiMaintenance> {
  const window = await maintenanceForOwner(ctx.teamId, id);
  if (!window) throw notFound();
  const span = (o: { startsAt: Date; endsAt: Date }) => ({ startsAt: o.startsAt.toISOString(), endsAt: o.endsAt.toISOString() });
  return {
    id: window.id,
    title: window.title,
    description: window.description,
    timeZone: window.timeZone,
    start: window.startsAtLocal.slice(0, 16),
    durationMinutes: window.durationMinutes,
    rrule: window.rrule,
    monitorIds: window.monitorIds,
    pageIds: window.pageIds,
    notifySubscribers: window.notifySubscribers,
    state: window.state,
    running: window.running ? span(window.running) : null,
    upcoming: window.upcoming.map(span),
  };
}

/** The team's windows: under way and upcoming first, as the maintenance page lists them. */
export async function listApiMaintenance(ctx: TeamContext): Promise<ApiMaintenance[]> {
  const windows = await listMaintenance(ctx.teamId);
  return Promise.all(windows.map((window) => apiMaintenance(ctx, window.id)));
}

/** `2026-12-24T02:00` + minutes, on the wall clock. */
const wallPlus = (wall: string, minutes: number) => new Date(Date.parse(`${wall}:00Z`) + minutes * 60_000).toISOString().slice(0, 16);

/** The window the form's rules make of an API body: 400 with each problem under its API field. */
export function maintenanceInputOf(input: ApiMaintenanceInput): MaintenanceInput {
  const byDuration = input.end === undefined;
  if (input.end !== undefined && input.durationMinutes !== undefined) {
    throw invalid('Give either end or durationMinutes, not both.', [{ field: 'durationMinutes', message: 'Give either end or durationMinutes, not both.' }]);
  }
  if (input.end === undefined && input.durationMinutes === undefined) {
    throw invalid('Say when it ends: end or durationMinutes.', [{ field: 'durationMinutes', message: 'Give end or durationMinutes.' }]);
  }
  let start = input.start;
  if (start === 'now') {
    try {
      start = dateToWallTime(new Date(), input.timeZone);
    } catch {
      // An unknown zone: the form names it below.
    }
  }
  const end = input.end ?? (start === 'now' ? start : wallPlus(start, input.durationMinutes!));
  const parsed = maintenanceFormSchema.safeParse({
    title: input.title,
    description: input.description,
    timeZone: input.timeZone,
    start,
    end,
    repeat: input.rrule ? 'custom' : 'none',
    rrule: input.rrule ?? '',
    monitorIds: input.monitorIds,
    pageIds: input.pageIds,
    notifySubscribers: input.notifySubscribers,
  });
  if (parsed.success) return parsed.data;
  throw invalid(
    'The maintenance is not valid; see details.',
    parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      return { field: field === 'end' && byDuration ? 'durationMinutes' : field || undefined, message: issue.message };
    }),
  );
}

/** What PATCH merges into: the window as an API body. */
export function inputOfMaintenance(window: ApiMaintenance) {
  return {
    title: window.title,
    description: window.description,
    timeZone: window.timeZone,
    start: window.start,
    durationMinutes: window.durationMinutes,
    rrule: window.rrule,
    monitorIds: window.monitorIds,
    pageIds: window.pageIds,
    notifySubscribers: window.notifySubscribers,
  };
}
