import { MAX_ERROR_MESSAGE } from '@/lib/contracts/heartbeats';

/**
 * An agent's error message as PostgreSQL text can hold it: at most 1000 characters, no NUL
 * (text cannot store it), no lone UTF-16 surrogate (not valid UTF-8).
 */
export function storableText(message: string): string {
  return message.slice(0, MAX_ERROR_MESSAGE).replaceAll('\u0000', '').toWellFormed();
}
