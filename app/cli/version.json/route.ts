import { bundleVersionRoute } from '@/lib/agents/bundle-routes';

export const dynamic = 'force-dynamic';

// GET /cli/version.json — the version and SHA-256 of the CLI served at /cli/watchpost.mjs.
export const GET = bundleVersionRoute('cli');
