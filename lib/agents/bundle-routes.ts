import 'server-only';
import { BUNDLES, type BundleName } from './bundle-files';
import { requireBundle } from './bundle';
import { errorResponse } from '@/lib/errors';

// GET of a one-file program (/agent/watchpost-agent.mjs, /cli/watchpost.mjs) and of its
// version.json. Public: they hold no secret. Revalidated on each download, so a new build is
// picked up at once.

export function bundleFileRoute(name: BundleName) {
  return (request: Request): Response => {
    try {
      const bundle = requireBundle(name);
      const etag = `"${bundle.sha256}"`;
      const headers = { ETag: etag, 'Cache-Control': 'no-cache', [name === 'agent' ? 'X-Watchpost-Agent-Version' : 'X-Watchpost-Cli-Version']: bundle.version };
      if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
      return new Response(new Uint8Array(bundle.code), { headers: { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function bundleVersionRoute(name: BundleName) {
  return (): Response => {
    try {
      const { version, sha256, size, node } = requireBundle(name);
      return Response.json({ version, sha256, size, node, url: `/${name}/${BUNDLES[name].file}` }, { headers: { 'Cache-Control': 'no-cache' } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
