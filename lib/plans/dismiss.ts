import 'server-only';
import { z } from 'zod';
import { db } from '@/db';
import { COUNTED, type CountedResource } from './index';
import { dismissUsageNotice } from './usage';

export const dismissNoticeSchema = z.object({ resource: z.enum(COUNTED, { error: 'Unknown notice.' }) });

export async function dismissNotice({ ctx, input }: { ctx: { userId: string }; input: { resource: CountedResource } }): Promise<void> {
  await db.transaction((tx) => dismissUsageNotice(tx, ctx.userId, input.resource));
}
