// npm run admin -- <command>: operator tasks.
//
//   rotate-encryption-key   Re-encrypt every agent key under a new server key, in one
//                           transaction. Production: set WATCHPOST_ENCRYPTION_KEY to the new
//                           key and WATCHPOST_ENCRYPTION_KEY_PREVIOUS to the old one(s) on
//                           every instance (both are accepted meanwhile), then run this.
//                           Embedded mode: generates the new key into .data/secrets.json.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { runningPostmaster, clusterDir } from '../db/embedded';
import { reencryptAgentKeys } from '../lib/agents/reencrypt';
import { serverKey } from '../lib/crypto/agent-keys';
import { saveSecrets } from '../lib/crypto/secrets-file';
import { ConfigError, parseServerEnv, readLaunchSettings } from '../lib/env';
import { openDatabase } from './database';

async function rotateEncryptionKey(): Promise<void> {
  const settings = readLaunchSettings();
  const database = await openDatabase(settings, { reuseRunning: true, log: console.log });
  try {
    let currentKey: string;
    let acceptedKeys: string[];
    if (database.secrets) {
      const old = database.secrets;
      currentKey = randomBytes(32).toString('base64');
      acceptedKeys = [currentKey, old.encryptionKey, ...(old.previousEncryptionKeys ?? [])];
      // The file first: if the database step fails, both keys are still known.
      saveSecrets(settings.WATCHPOST_DATA_DIR, {
        ...old,
        encryptionKey: currentKey,
        previousEncryptionKeys: acceptedKeys.slice(1),
      });
    } else {
      const env = parseServerEnv();
      currentKey = env.WATCHPOST_ENCRYPTION_KEY;
      acceptedKeys = [currentKey, ...env.WATCHPOST_ENCRYPTION_KEY_PREVIOUS];
    }
    const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
    try {
      const result = await reencryptAgentKeys(sql, serverKey(currentKey), acceptedKeys.map(serverKey));
      console.log(`Re-encrypted ${result.reencrypted} agent key(s); ${result.alreadyCurrent} already used the current key.`);
    } finally {
      await sql.end();
    }
    if (database.secrets) {
      console.log('The new key is in the secrets file; the old one stays accepted.');
      if (runningPostmaster(clusterDir(settings.WATCHPOST_DATA_DIR))) {
        console.log('Watchpost is running: restart it now so it uses the new key.');
      }
    } else {
      console.log('Every agent key now uses WATCHPOST_ENCRYPTION_KEY; WATCHPOST_ENCRYPTION_KEY_PREVIOUS can be removed.');
    }
  } finally {
    await database.close();
  }
}

const commands: Record<string, () => Promise<void>> = { 'rotate-encryption-key': rotateEncryptionKey };

const command = commands[process.argv[2] ?? ''];
if (!command) {
  console.error(`usage: npm run admin -- <${Object.keys(commands).join('|')}>`);
  process.exit(2);
}
command().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.problems.join('\n') : error instanceof Error ? error.message : String(error);
    console.error(`Failed: ${message}`);
    process.exit(1);
  },
);
