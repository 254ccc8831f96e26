import type http from 'node:http';
import { HEARTBEATS_PATH } from '@/lib/contracts/heartbeats';
import { CLIENT_IP_HEADER } from '@/lib/request';
import { log, type LogLevel } from '@/lib/observability/log';
import { metrics, routeKind } from '@/lib/observability/metrics';
import { chooseRequestId, REQUEST_ID_HEADER, runWithRequest } from '@/lib/observability/request-context';
import { CUSTOM_HOST_HEADER, customHostOf, firstForwarded, rewriteForCustomHost } from './custom-host';
import { runReads } from '@/db/reads';
import { ingestClient, ingestRefusal } from '@/lib/ingest/admission';
import { nodeRoute } from './node-routes';
import { readsPrimary } from './read-after-write';
import { isPageRequest, newNonce, securityHeaders } from './security-headers';

// The front of every request `npm start` serves, before Next.js sees it: the client's
// address and a request id for the app, the security headers on the response, the request
// log line and metrics when it ends, and the drain at shutdown (new requests refused with
// a 503 while the ones in flight finish). And ingest's cheap refusals: a heartbeat batch
// that admission (lib/ingest/admission.ts) would refuse gets its 503 here, before Next.js
// routes it or its body is read, so an overloaded instance spends its CPU on the batches it
// takes. Batches it admits it also answers itself, without Next.js (lib/http/node-routes.ts).

const EMBEDDABLE = /^\/s\/(?:[a-z0-9-]{1,60}|_host)\/embed$/;

export interface FrontOptions {
  /** Behind a trusted reverse proxy: take X-Forwarded-For and X-Request-Id from it. */
  trustProxy: boolean;
  /** Reached over https (WATCHPOST_PUBLIC_URL): HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** The host name of WATCHPOST_PUBLIC_URL: requests to any other host are for status pages' custom host names. */
  publicHost?: string;
  /** With a read replica: how long after a client's write its reads stay on the primary, in seconds. */
  readAfterWriteSeconds?: number;
  /** Next.js's request handler. */
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
}

/** The client's address: the socket's, or with a trusted reverse proxy the left-most X-Forwarded-For. */
function clientIp(req: http.IncomingMessage, trustProxy: boolean): string {
  const address = (trustProxy && firstForwarded(req, 'x-forwarded-for')) || req.socket.remoteAddress || 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function answer(res: http.ServerResponse, status: number, pathname: string, requestId: string, message: string): void {
  const api = !isPageRequest(pathname);
  const code = status === 503 ? 'UNAVAILABLE' : 'INTERNAL';
  const body = api
    ? JSON.stringify({ error: { code, message, requestId } })
    : `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Watchpost</title></head><body><h1>${
        status === 503 ? 'Watchpost is restarting' : 'Something went wrong'
      }</h1><p>${message}</p><p>Request id: <code>${requestId}</code></p></body></html>`;
  res.statusCode = status;
  res.setHeader('Content-Type', api ? 'application/json' : 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}

export function createFront({ trustProxy, https, publicHost, readAfterWriteSeconds, handle }: FrontOptions) {
  let inFlight = 0;
  let draining = false;
  let settled: (() => void) | null = null;

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const startedAt = performance.now();
    const customHost = customHostOf(req, publicHost, trustProxy);
    if (customHost) {
      req.url = rewriteForCustomHost(req.url ?? '/');
      req.headers[CUSTOM_HOST_HEADER] = customHost;
    } else delete req.headers[CUSTOM_HOST_HEADER];
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const requestId = chooseRequestId(req.headers[REQUEST_ID_HEADER], trustProxy);
    req.headers[REQUEST_ID_HEADER] = requestId;
    req.headers[CLIENT_IP_HEADER] = clientIp(req, trustProxy);
    res.setHeader('X-Request-Id', requestId);

    const nonce = isPageRequest(pathname) ? newNonce() : undefined;
    // A status page's embeddable view may be framed by any site; it answers 404 unless its owner allowed that.
    const headers = securityHeaders({ nonce, https, framing: EMBEDDABLE.test(pathname) ? 'any' : 'none' });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Next.js takes the nonce for the scripts it renders from the request's policy; a
    // client's own header of that name is never passed on.
    if (nonce) req.headers['content-security-policy'] = headers['Content-Security-Policy'];
    else delete req.headers['content-security-policy'];

    const kind = routeKind(pathname);
    res.once('close', () => {
      inFlight--;
      const seconds = (performance.now() - startedAt) / 1000;
      const status = res.writableFinished ? res.statusCode : 499;
      metrics().httpRequests.inc({ route: kind, code: String(status) });
      metrics().httpDuration.observe({ route: kind }, seconds);
      const level: LogLevel = kind === 'page' || kind === 'asset' ? 'debug' : 'info';
      const durationMs = Math.round(seconds * 10_000) / 10;
      log[level](`${req.method} ${pathname} ${status} ${durationMs} ms`, {
        requestId,
        method: req.method,
        route: pathname,
        status,
        durationMs,
        ...(res.writableFinished ? {} : { aborted: true }),
      });
      if (inFlight === 0) settled?.();
    });
    inFlight++;

    if (draining) {
      // A request on a kept-alive connection after SIGTERM: another instance takes it.
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', '1');
      answer(res, 503, pathname, requestId, 'This instance is shutting down. Try again; another instance will answer.');
      return;
    }
    if (req.method === 'POST' && pathname === HEARTBEATS_PATH) {
      const retryAfterSeconds = ingestRefusal(ingestClient(req.headers.authorization));
      if (retryAfterSeconds !== null) {
        metrics().ingestRejections.inc({ reason: 'overloaded' });
        res.setHeader('Retry-After', String(retryAfterSeconds));
        answer(res, 503, pathname, requestId, 'The server is busy. Try again shortly.');
        // The body is discarded as it arrives, never parsed; the connection stays open.
        req.resume();
        return;
      }
    }
    const readPrimary = readsPrimary(req, res, readAfterWriteSeconds ?? null);
    // Ingest is answered here on Node's request, not routed by Next.js (lib/http/node-routes.ts).
    const serve = nodeRoute(req.method, pathname) ?? handle;
    runWithRequest({ requestId }, () => runReads(!readPrimary, () => serve(req, res))).catch((error: unknown) => {
      log.error('Request crashed outside the app.', { requestId, route: pathname, error });
      if (res.headersSent) res.destroy();
      else answer(res, 500, pathname, requestId, 'Watchpost could not answer this request. If it keeps happening, give the request id below to whoever runs this server.');
    });
  };

  return {
    listener,
    inFlight: () => inFlight,
    /** Refuse new requests from now on and wait (until the deadline) for those in flight. */
    async drain(deadline: number): Promise<void> {
      draining = true;
      metrics().shuttingDown.set(1);
      if (inFlight === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        settled = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}
