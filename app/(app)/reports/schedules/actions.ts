'use server';

import { revalidatePath } from 'next/cache';
import { teamAction } from '@/lib/actions/safe-action';
import { createSchedule, deleteSchedule, sendScheduleNow } from '@/lib/reports/schedules';
import { deleteScheduleSchema, scheduleFormSchema, scheduleRefSchema } from '@/lib/reports/schemas';

export const createScheduleAction = teamAction(scheduleFormSchema, async (input, { ctx }) => {
  const { nextRunAt } = await createSchedule({ ctx, input });
  revalidatePath('/reports/schedules');
  return { ok: true, data: { name: input.name, nextRunAt: nextRunAt.toISOString() } };
});

export const sendScheduleNowAction = teamAction(scheduleRefSchema, async (input, { ctx }) => {
  await sendScheduleNow({ ctx, input });
  revalidatePath('/reports/schedules');
  return { ok: true, data: undefined };
});

export const deleteScheduleAction = teamAction(deleteScheduleSchema, async (input, { ctx }) => {
  await deleteSchedule({ ctx, input });
  revalidatePath('/reports/schedules');
  return { ok: true, data: undefined };
});
