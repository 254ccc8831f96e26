import 'server-only';
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_MAX } from './password-rules';

// Argon2id at OWASP's minimum profile (m = 19 MiB, t = 2, p = 1).
export const ARGON2_OPTIONS = {
  // Algorithm.Argon2id; the package exports a const enum, which isolatedModules cannot read.
  algorithm: 2,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

/** The stored "hash" of an account without a password (made by single sign-on): no password matches it. */
export const NO_PASSWORD = '!';

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Check a password against a stored hash. With no hash (unknown user) it verifies against
 * a throwaway one, so both cases cost the same and timing tells nothing.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  // Over-long input never reaches Argon2 (and no stored password is that long).
  const candidate = password.length > PASSWORD_MAX ? '' : password;
  if (storedHash === null) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await dummyHash, candidate).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, candidate);
  } catch {
    return false;
  }
}
