import type { Instrumentation } from 'next';

// Runs once when a server instance boots (npm start or a bare `next start`).
export async function register() {
  // The literal NEXT_RUNTIME check is what lets Next drop the Node-only import from its
  // edge bundle; it is the one read of process.env outside lib/env.ts.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationAtBoot, checkDatabaseRouteAtBoot, closePoolAtShutdown } = await import('./lib/boot');
    if (checkConfigurationAtBoot()) {
      closePoolAtShutdown();
      await checkDatabaseRouteAtBoot();
      const { startBackgroundWork } = await import('./lib/background');
      startBackgroundWork();
      // npm start's front answers heartbeat batches itself from now on (lib/http/node-routes.ts).
      const { serveIngestOnNode } = await import('./lib/ingest/http');
      serveIngestOnNode();
    }
  }
}

// A page, action or route handler threw: one log line with the request id (also in the
// response's X-Request-Id) and the digest the error page shows as its reference.
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { log } = await import('./lib/observability/log');
  const header = request.headers['x-request-id'];
  log.error('Request failed.', {
    requestId: Array.isArray(header) ? header[0] : header,
    method: request.method,
    route: context.routePath,
    kind: context.routeType,
    digest: (error as { digest?: string }).digest,
    error,
  });
};
