import { z } from 'zod';

export const incidentRefSchema = z.object({ incidentId: z.uuid({ error: 'That incident does not exist.' }) });
