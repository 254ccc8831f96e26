import net from 'node:net';
import tls from 'node:tls';
import type { Certificate } from '../../lib/contracts/certificates';
import type { TlsOptions } from '../../lib/contracts/monitors';
import { parseHostPort } from '../../lib/contracts/targets';
import { certificateOf, tlsProblem } from './certificates';
import { type CheckResult, describeNetworkError, elapsed } from './types';

// A tls check: a TLS handshake with host:port (after SMTP's STARTTLS when asked), then the
// certificate judged by hand so the failure says what is wrong with it (expired on which
// day, which names it is for): nothing but the handshake is sent, so looking at an
// untrusted certificate before refusing it exposes nothing. Latency: connect + handshake.

/** SMTP up to STARTTLS on a plain connection: greeting, EHLO, STARTTLS, each answered as expected. */
function smtpStartTls(socket: net.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let step: 'greeting' | 'ehlo' | 'starttls' = 'greeting';
    const fail = (message: string) => {
      socket.off('data', onData);
      reject(Object.assign(new Error(message), { smtp: true }));
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (buffer.length > 64 * 1024) return fail('The SMTP server sent too much before STARTTLS');
      // A reply is complete at a line "NNN text" (a space after the code, not "NNN-").
      const lines = buffer.split('\r\n');
      const last = lines.findLast((line) => /^\d{3} /.test(line));
      if (!last) return;
      const code = Number(last.slice(0, 3));
      const reply = buffer;
      buffer = '';
      if (step === 'greeting') {
        if (code !== 220) return fail(`SMTP greeting was ${last.trim()}`);
        step = 'ehlo';
        socket.write('EHLO watchpost-agent\r\n');
      } else if (step === 'ehlo') {
        if (code !== 250) return fail(`SMTP EHLO was answered ${last.trim()}`);
        if (!/^250[- ]STARTTLS\b/im.test(reply)) return fail('The SMTP server does not offer STARTTLS');
        step = 'starttls';
        socket.write('STARTTLS\r\n');
      } else {
        if (code !== 220) return fail(`SMTP STARTTLS was answered ${last.trim()}`);
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
  });
}

/** What is wrong with a certificate the handshake brought, or null when it holds. */
function certificateProblem(socket: tls.TLSSocket, certificate: Certificate | null, host: string, verify: boolean): string | null {
  if (!certificate) return 'The server presented no certificate';
  const now = Date.now();
  if (Date.parse(certificate.notAfter) <= now) return `Certificate expired on ${certificate.notAfter.slice(0, 10)} (${certificate.subject})`;
  if (Date.parse(certificate.chainNotAfter) <= now) return `A certificate in the chain expired on ${certificate.chainNotAfter.slice(0, 10)}`;
  if (Date.parse(certificate.notBefore) > now) return `Certificate is not valid before ${certificate.notBefore.slice(0, 10)}`;
  if (!verify) return null;
  const identity = tls.checkServerIdentity(host, socket.getPeerCertificate());
  if (identity) return `Certificate is for ${certificate.sans.join(', ') || certificate.subject}, not ${host}`;
  if (!socket.authorized) return tlsProblem({ code: String(socket.authorizationError ?? '') }) ?? `TLS certificate not trusted (${String(socket.authorizationError)})`;
  return null;
}

export function checkTls(target: string, options: TlsOptions, timeoutMs: number): Promise<CheckResult> {
  const address = parseHostPort(target);
  if (!address) return Promise.resolve({ status: 'error', errorMessage: `Not a host:port target: ${target}` });
  const host = options.serverName ?? address.host;
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    let secure: tls.TLSSocket | null = null;
    const plain = net.connect({ host: address.host, port: address.port });
    let done = false;
    const finish = (result: CheckResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      secure?.destroy();
      plain.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ status: 'timeout', latencyMs: elapsed(started), errorMessage: `No TLS handshake within ${timeoutMs / 1000} s` }), timeoutMs);
    // on, not once: an error after the first must not go unhandled.
    plain.on('error', (error) => finish({ status: 'down', latencyMs: elapsed(started), errorMessage: (error as { smtp?: boolean }).smtp ? error.message : describeNetworkError(error) }));
    plain.once('connect', async () => {
      try {
        if (options.starttls === 'smtp') await smtpStartTls(plain);
      } catch (error) {
        return finish({ status: 'down', latencyMs: elapsed(started), errorMessage: (error as Error).message });
      }
      // Not rejected in the handshake: judged below, with the reason in words.
      secure = tls.connect({ socket: plain, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false });
      secure.on('error', (error) => finish({ status: 'down', latencyMs: elapsed(started), errorMessage: tlsProblem(error) ?? describeNetworkError(error) }));
      secure.once('secureConnect', () => {
        const latencyMs = elapsed(started);
        const certificate = certificateOf(secure!);
        const problem = certificateProblem(secure!, certificate, host, options.verifyTls);
        finish({ status: problem ? 'down' : 'up', latencyMs, ...(problem ? { errorMessage: problem } : {}), ...(certificate ? { certificate } : {}) });
      });
    });
  });
}
