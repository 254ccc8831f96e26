import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// Agent tokens and their storage.
//
// A token is `wpa_` + base64url(agent id, 16 bytes) + base64url(32 random bytes): it names
// its agent, so the server finds the row by primary key instead of scanning, and carries
// 256 bits of secret. Only an AES-256-GCM encryption of it is stored:
//
//   version (1) | key id (4) | IV (12, random per encryption) | tag (16) | ciphertext
//
// with the agent id as associated data, so a ciphertext moved onto another agent's row
// does not decrypt. The key id (first 4 bytes of SHA-256 of the server key) says which
// server key encrypted it, so keys can be rotated while old ciphertexts stay readable.

const VERSION = 1;
const PREFIX = 'wpa_';
const ID_CHARS = 22; // base64url of 16 bytes
const SECRET_CHARS = 43; // base64url of 32 bytes
export const TOKEN_LENGTH = PREFIX.length + ID_CHARS + SECRET_CHARS;

export interface ServerKey {
  id: Buffer;
  key: Buffer;
}

export function serverKey(base64: string): ServerKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('A server key is 32 bytes.');
  return { id: createHash('sha256').update(key).digest().subarray(0, 4), key };
}

function uuidBytes(agentId: string): Buffer {
  const hex = agentId.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error('Not a UUID');
  return Buffer.from(hex, 'hex');
}

function uuidFrom(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function generateAgentToken(agentId: string): string {
  return `${PREFIX}${uuidBytes(agentId).toString('base64url')}${randomBytes(32).toString('base64url')}`;
}

/** The agent a token claims to belong to, or null when it is not a well-formed token. */
export function agentIdOfToken(token: string): string | null {
  if (token.length !== TOKEN_LENGTH || !token.startsWith(PREFIX)) return null;
  const body = token.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return null;
  const id = Buffer.from(body.slice(0, ID_CHARS), 'base64url');
  return id.length === 16 ? uuidFrom(id) : null;
}

/**
 * Encrypt a secret that belongs to one row (an agent's token, a notification channel's
 * secrets) with the row's id as associated data: moved onto another row, it does not open.
 */
export function encryptRowSecret(plaintext: string, rowId: string, key: ServerKey): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
  cipher.setAAD(uuidBytes(rowId));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), key.id, iv, cipher.getAuthTag(), ciphertext]);
}

/** The key id a stored ciphertext was made with. */
export function keyIdOf(stored: Buffer): Buffer | null {
  return stored.length > 33 && stored[0] === VERSION ? stored.subarray(1, 5) : null;
}

export const encryptAgentToken = encryptRowSecret;

/** The secret in a stored ciphertext, or null if no given key opens it (wrong key, tampered, wrong row). */
export function decryptRowSecret(stored: Buffer, rowId: string, keys: ServerKey[]): string | null {
  const keyId = keyIdOf(stored);
  const key = keyId && keys.find((candidate) => candidate.id.equals(keyId));
  if (!key) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, stored.subarray(5, 17), { authTagLength: 16 });
    decipher.setAAD(uuidBytes(rowId));
    decipher.setAuthTag(stored.subarray(17, 33));
    return Buffer.concat([decipher.update(stored.subarray(33)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export const decryptAgentToken = decryptRowSecret;

export { tokensMatch } from './tokens';
