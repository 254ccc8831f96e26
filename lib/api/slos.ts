import 'server-only';
import { getSlo, listSlos } from '@/db/queries/slos';
import type { ApiSlo, ApiSloInput } from '@/lib/contracts/api';
import { AppError } from '@/lib/errors';
import { sloStatuses, type SloStatus } from '@/lib/slo/reads';
import { type SloInput, sloSchema } from '@/lib/slo/schemas';
import type { TeamContext } from '@/lib/teams/roles';
import { invalid } from './handler';

// SLOs through the API, by the same rules as the form (lib/slo/schemas.ts), with the numbers
// the SLO page shows (lib/slo/reads.ts).

function apiOf(status: SloStatus): ApiSlo {
  const { slo, budget } = status;
  return {
    id: slo.id,
    name: slo.name,
    monitorId: slo.monitorId,
    componentId: slo.componentId,
    subject: slo.subject,
    target: slo.target,
    window: slo.window,
    degradedCountsAsDown: slo.degradedCountsAsDown,
    fastBurn: slo.fastBurn,
    slowBurn: slo.slowBurn,
    from: status.period.from.toISOString(),
    end: status.period.end.toISOString(),
    good: status.counts.good,
    bad: status.counts.bad,
    attainmentPercent: status.attainment,
    budget: { allowedChecks: budget.allowed, usedChecks: budget.used, leftShare: budget.leftShare, allowedMinutes: budget.allowedMinutes, usedMinutes: budget.usedMinutes, exhausted: budget.exhausted },
    burnRates: status.burn,
    burningSince: slo.burningSince?.toISOString() ?? null,
    exhaustedAt: slo.exhaustedAt?.toISOString() ?? null,
  };
}

export async function apiSlo(ctx: TeamContext, id: string): Promise<ApiSlo> {
  const slo = await getSlo(ctx.teamId, id);
  if (!slo) throw new AppError('NOT_FOUND', 'That SLO does not exist.');
  const [status] = await sloStatuses([slo]);
  return apiOf(status!);
}

export async function listApiSlos(ctx: TeamContext): Promise<ApiSlo[]> {
  return (await sloStatuses(await listSlos(ctx.teamId))).map(apiOf);
}

/** The SLO an API body describes: 400 with each problem under its field. */
export function sloInputOf(input: ApiSloInput): SloInput {
  const parsed = sloSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalid('The SLO is not valid; see details.', parsed.error.issues.map((issue) => ({ field: issue.path[0] === 'subject' ? 'monitorId' : issue.path.join('.'), message: issue.message })));
}

/** What PATCH merges into. */
export function inputOfSlo(slo: ApiSlo): ApiSloInput {
  return { name: slo.name, monitorId: slo.monitorId, componentId: slo.componentId, target: slo.target, window: slo.window as ApiSloInput['window'], degradedCountsAsDown: slo.degradedCountsAsDown, fastBurn: slo.fastBurn, slowBurn: slo.slowBurn };
}
