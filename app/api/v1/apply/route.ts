import { apiRoute } from '@/lib/api/handler';
import { applyConfig, MAX_CONFIG_BYTES } from '@/lib/config/apply';
import { applyRequestSchema } from '@/lib/contracts/config';

export const dynamic = 'force-dynamic';

// POST /api/v1/apply — make the team's setup what watchpost.yaml says, all or nothing (editor);
// "dryRun": true answers the plan and changes nothing. `watchpost apply` calls it (docs/config.md).
export const POST = apiRoute(async ({ ctx, body }) => Response.json(await applyConfig(ctx, body(applyRequestSchema))), { maxBodyBytes: MAX_CONFIG_BYTES });
