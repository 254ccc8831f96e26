import { bundleFileRoute } from '@/lib/agents/bundle-routes';

export const dynamic = 'force-dynamic';

// GET /cli/watchpost.mjs — the watchpost CLI (export, apply) in one file: `node watchpost.mjs --help`.
export const GET = bundleFileRoute('cli');
