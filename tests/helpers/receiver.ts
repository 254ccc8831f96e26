import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { Agent } from 'undici';
import { generate } from 'selfsigned';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** never answer (the sender times out, or is killed mid-send) */
  hang?: boolean;
}

/**
 * A real HTTP(S) server standing in for a webhook, Slack, Discord, Telegram or ntfy: it
 * records what arrives and answers what the test scripts (200 by default). `stop()` and
 * `start()` take it down and bring it back on the same port.
 */
export async function startReceiver(options: { tls?: { hosts: string[] } } = {}) {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const hanging = new Set<http.ServerResponse>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? { status: 200, body: 'ok' };
      if (answer.hang) return void hanging.add(res);
      res.writeHead(answer.status ?? 200, answer.headers);
      res.end(answer.body ?? '');
    });
  };
  let tlsOptions: { key: string; cert: string } | undefined;
  if (options.tls) {
    const pems = await generate([{ name: 'commonName', value: options.tls.hosts[0]! }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: options.tls.hosts.map((value) => ({ type: 2, value })) }],
    });
    tlsOptions = { key: pems.private, cert: pems.cert };
  }
  let server = tlsOptions ? https.createServer(tlsOptions, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    answers,
    port,
    url: `${tlsOptions ? 'https' : 'http'}://127.0.0.1:${port}`,
    cert: tlsOptions?.cert,
    async stop() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async start() {
      server = tlsOptions ? https.createServer(tlsOptions, handler) : http.createServer(handler);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
  };
}

/**
 * An undici dispatcher that connects every https:// request to `standIn` whatever host the
 * URL names (the services' own hosts, like events.pagerduty.com), with real TLS: the name
 * is sent as SNI and the stand-in's certificate must cover it. http:// goes where it says.
 */
export function routedTo(standIn: { port: number; cert?: string }): Agent {
  return new Agent({
    connect: (options, callback) => {
      const socket =
        options.protocol === 'https:'
          ? tls.connect({ host: '127.0.0.1', port: standIn.port, servername: options.hostname, ca: standIn.cert, ALPNProtocols: ['http/1.1'] })
          : net.connect({ host: options.hostname, port: Number(options.port) || 80 });
      socket.once(options.protocol === 'https:' ? 'secureConnect' : 'connect', () => callback(null, socket));
      socket.once('error', (error) => callback(error, null));
    },
  });
}
