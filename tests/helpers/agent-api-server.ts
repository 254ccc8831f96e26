import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GET as getAgentFile } from '@/app/agent/watchpost-agent.mjs/route';
import { GET as getAgentVersion } from '@/app/agent/version.json/route';
import { GET as getConfig } from '@/app/api/v1/agent/config/route';
import { POST as postHeartbeats } from '@/app/api/v1/agent/heartbeats/route';

/**
 * The agent API and the agent download (the real route handlers, on the real database)
 * behind a real HTTP server, which a test can take down (connections reset), make answer 429 once,
 * or make answer the next `busy` batches 503 with Retry-After: 1, as a saturated instance does.
 */
export async function startAgentApiServer() {
  const state = { mode: 'up' as 'up' | 'down' | '429-once', posts: [] as number[], busy: 0 };
  const server = http.createServer(async (req, res) => {
    if (state.mode === 'down') return void req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://agent-api.test');
    if (url.pathname === '/api/v1/agent/heartbeats') {
      state.posts.push(Date.now());
      if (state.mode === '429-once') {
        state.mode = 'up';
        res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Slow down.' } }));
      }
      if (state.busy > 0) {
        state.busy -= 1;
        res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'The server is busy. Try again shortly.' } }));
      }
    }
    const request = new Request(url, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : [])),
      body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    const routes: Record<string, (request: Request) => Response | Promise<Response>> = {
      '/api/v1/agent/config': getConfig,
      '/agent/watchpost-agent.mjs': getAgentFile,
      '/agent/version.json': getAgentVersion,
    };
    const response = await (routes[url.pathname] ?? postHeartbeats)(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
