'use server';

import { revalidatePath } from 'next/cache';
import { teamAction } from '@/lib/actions/safe-action';
import { acknowledgeIncident, resolveIncident } from '@/lib/incidents/manage';
import { incidentRefSchema } from '@/lib/incidents/schemas';

// Used by the incident views of the dashboards.

export const acknowledgeIncidentAction = teamAction(incidentRefSchema, async (input, { ctx }) => {
  await acknowledgeIncident({ ctx, input });
  revalidatePath('/', 'layout');
  return { ok: true, data: undefined };
});

export const resolveIncidentAction = teamAction(incidentRefSchema, async (input, { ctx }) => {
  await resolveIncident({ ctx, input });
  revalidatePath('/', 'layout');
  return { ok: true, data: undefined };
});
