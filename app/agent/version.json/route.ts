import { bundleVersionRoute } from '@/lib/agents/bundle-routes';

export const dynamic = 'force-dynamic';

// GET /agent/version.json — the version and SHA-256 of the agent served at /agent/watchpost-agent.mjs.
export const GET = bundleVersionRoute('agent');
