import { AppError } from '@/lib/errors';
import { readBodyLimited } from '@/lib/http/read-body';

/** The largest form the public pages accept (an address, a password, a few ticked boxes). */
export const PUBLIC_FORM_MAX_BYTES = 16 * 1024;

/**
 * A plain HTML form's fields (application/x-www-form-urlencoded), read with the same
 * streaming limit as ingest; null when the body passes `limit` bytes (answer 413).
 */
export async function readFormLimited(request: Request, limit = PUBLIC_FORM_MAX_BYTES): Promise<URLSearchParams | null> {
  try {
    return new URLSearchParams(await readBodyLimited(request, limit));
  } catch (error) {
    if (error instanceof AppError && error.code === 'PAYLOAD_TOO_LARGE') return null;
    throw error;
  }
}
