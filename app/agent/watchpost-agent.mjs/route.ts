import { bundleFileRoute } from '@/lib/agents/bundle-routes';

export const dynamic = 'force-dynamic';

// GET /agent/watchpost-agent.mjs — the agent in one file, for `curl -fsSLO … && node watchpost-agent.mjs`.
export const GET = bundleFileRoute('agent');
