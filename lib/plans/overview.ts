import 'server-only';
import { usageRow } from '@/db/queries/usage';
import { COUNTED, type CountedResource, limitReachedMessage, NOTICE_KINDS, type PlanName, planName, PLANS, type UsageLevel, usageLevel } from './index';

// What every signed-in page shows of a plan: usage against each limit, the notice from
// 80 %, and why a create is refused at 100 %. The counts come from db/queries/usage.ts.

export interface ResourceUsage {
  resource: CountedResource;
  used: number;
  limit: number;
  level: UsageLevel;
  /** show the notice: near or at the limit, and this crossing's notice not dismissed */
  notice: boolean;
  /** at the limit: why creating another is refused */
  refusal: string | null;
}

export interface UsageOverview {
  plan: PlanName;
  resources: Record<CountedResource, ResourceUsage>;
}

/** An owner's usage (across the teams they own) against their plan, for the app shell's notice, the create buttons and /settings/usage. */
export async function usageOverview(ownerId: string): Promise<UsageOverview> {
  const row = await usageRow(ownerId, NOTICE_KINDS);
  const plan = planName(row.plan);
  const resources = Object.fromEntries(
    COUNTED.map((resource) => {
      const used = row[resource];
      const limit = PLANS[plan][resource];
      const level = usageLevel(used, limit);
      // No crossing on record (usage from before usage events): the notice shows until dismissed.
      const dismissed = row.notices[resource] === 'dismissed';
      const refusal = level === 'reached' ? limitReachedMessage(plan, resource, used) : null;
      return [resource, { resource, used, limit, level, notice: level !== 'ok' && !dismissed, refusal }];
    }),
  ) as Record<CountedResource, ResourceUsage>;
  return { plan, resources };
}
