import type http from 'node:http';
import { AppError } from '@/lib/errors';

const tooLarge = (limit: number) => new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes.`);
const declaredTooLarge = (contentLength: string | null | undefined, limit: number) => {
  const declared = Number(contentLength);
  return Number.isFinite(declared) && declared > limit;
};

/**
 * The request body as text, refused (413) as soon as it passes `limit` bytes: the
 * limit holds while reading, so an oversize body is never buffered whole or parsed.
 */
export async function readBodyLimited(request: Request, limit: number): Promise<string> {
  if (declaredTooLarge(request.headers.get('content-length'), limit)) throw tooLarge(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * readBodyLimited on Node's request (lib/http/node-routes.ts). Past the limit the rest is
 * discarded as it arrives, as the front discards a refused batch's.
 */
export function readNodeBodyLimited(req: http.IncomingMessage, limit: number): Promise<string> {
  if (declaredTooLarge(req.headers['content-length'], limit)) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      reject(tooLarge(limit));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
    // The client went away before the end: never an answer anyone reads, but the batch must not be stored.
    req.once('close', () => {
      if (!req.complete) reject(new Error('The client closed the connection before sending the whole body.'));
    });
  });
}
