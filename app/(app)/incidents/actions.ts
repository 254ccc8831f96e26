'use server';

import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/actions/safe-action';
import { acknowledgeIncident, resolveIncident } from '@/lib/incidents/manage';
import { incidentRefSchema } from '@/lib/incidents/schemas';

// Used by the incident views of the dashboards.

export const acknowledgeIncidentAction = authedAction(incidentRefSchema, async (input, { user }) => {
  await acknowledgeIncident({ ctx: { userId: user.id }, input });
  revalidatePath('/', 'layout');
  return { ok: true, data: undefined };
});

export const resolveIncidentAction = authedAction(incidentRefSchema, async (input, { user }) => {
  await resolveIncident({ ctx: { userId: user.id }, input });
  revalidatePath('/', 'layout');
  return { ok: true, data: undefined };
});
