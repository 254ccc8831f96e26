import { getEnv } from '@/lib/env';
import { type ServerKey, serverKey } from './agent-keys';

/** The current server key (encrypts) and every key still accepted (decrypts), current first. */
export function serverKeys(): { current: ServerKey; accepted: ServerKey[] } {
  const env = getEnv();
  const current = serverKey(env.WATCHPOST_ENCRYPTION_KEY);
  return { current, accepted: [current, ...env.WATCHPOST_ENCRYPTION_KEY_PREVIOUS.map(serverKey)] };
}
