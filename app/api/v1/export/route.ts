import { apiRoute } from '@/lib/api/handler';
import { exportConfig } from '@/lib/config/export';

export const dynamic = 'force-dynamic';

// GET /api/v1/export — the team's setup as watchpost.yaml's document, secrets as ${NAME}
// references (`env` lists them); `watchpost export` writes it as YAML.
export const GET = apiRoute(async ({ ctx }) => Response.json(await exportConfig(ctx)));
