import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Embedded mode generates the app's secrets on first start and keeps them in one
// owner-only (0600) file, so sessions and encrypted agent keys survive restarts.

export interface EmbeddedSecrets {
  authSecret: string;
  encryptionKey: string;
  /** Keys replaced by `npm run admin -- rotate-encryption-key`, still accepted for decryption. */
  previousEncryptionKeys?: string[];
  databasePassword: string;
}

export function secretsPath(dataDir: string): string {
  return path.resolve(dataDir, 'secrets.json');
}

function generate(): EmbeddedSecrets {
  return {
    authSecret: randomBytes(32).toString('base64'),
    encryptionKey: randomBytes(32).toString('base64'),
    databasePassword: randomBytes(24).toString('base64url'),
  };
}

function isSecrets(value: unknown): value is EmbeddedSecrets {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.authSecret === 'string' &&
    typeof v.encryptionKey === 'string' &&
    typeof v.databasePassword === 'string'
  );
}

/** Replace the secrets file atomically (write, then rename), owner-only. */
export function saveSecrets(dataDir: string, secrets: EmbeddedSecrets): void {
  const file = secretsPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

export function loadOrCreateSecrets(dataDir: string): EmbeddedSecrets {
  const file = secretsPath(dataDir);
  // The data folder must stay traversable for the `postgres` system user that runs the
  // embedded cluster as root; the secrets file itself is owner-only.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  if (!existsSync(file)) {
    try {
      writeFileSync(file, `${JSON.stringify(generate(), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it between our check and our write: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isSecrets(parsed)) {
    throw new Error(`${file} is damaged (it must hold authSecret, encryptionKey and databasePassword).`);
  }
  return parsed;
}
