import 'server-only';
import { z } from 'zod';
import { db } from '@/db';
import type { TeamContext } from '@/lib/teams/roles';
import { COUNTED, type CountedResource } from './index';
import { dismissUsageNotice, teamOwnerId } from './usage';

export const dismissNoticeSchema = z.object({ resource: z.enum(COUNTED, { error: 'Unknown notice.' }) });

/** Dismiss the notice of the plan that covers the team (its owner's), for every member. */
export async function dismissNotice({ ctx, input }: { ctx: TeamContext; input: { resource: CountedResource } }): Promise<void> {
  await db.transaction(async (tx) => dismissUsageNotice(tx, await teamOwnerId(tx, ctx.teamId), input.resource));
}
