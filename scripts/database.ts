import { clusterDir, embeddedUrl, runningPostmaster, startEmbeddedDatabase } from '../db/embedded';
import { loadOrCreateSecrets, type EmbeddedSecrets } from '../lib/crypto/secrets-file';
import type { LaunchSettings } from '../lib/env';

// How the command-line entry points (npm start, the migration scripts) find their
// database: DATABASE_URL when it is set (DATABASE_DIRECT_URL instead when that is set: the
// migrator's advisory lock and the admin CLI's connections need a session of their own,
// which a transaction pooler does not keep), else the embedded cluster under the data dir.

export interface OpenedDatabase {
  url: string;
  /** Set in embedded mode; the app takes its secrets from here unless they are set. */
  secrets: EmbeddedSecrets | null;
  describe: string;
  close(): Promise<void>;
}

export async function openDatabase(
  settings: LaunchSettings,
  options: { reuseRunning: boolean; log: (line: string) => void },
): Promise<OpenedDatabase> {
  if (settings.DATABASE_URL) {
    return {
      url: settings.DATABASE_DIRECT_URL ?? settings.DATABASE_URL,
      secrets: null,
      describe: `the PostgreSQL at ${settings.DATABASE_DIRECT_URL ? 'DATABASE_DIRECT_URL' : 'DATABASE_URL'}`,
      close: async () => undefined,
    };
  }
  const secrets = loadOrCreateSecrets(settings.WATCHPOST_DATA_DIR);
  const dir = clusterDir(settings.WATCHPOST_DATA_DIR);
  const running = options.reuseRunning ? runningPostmaster(dir) : null;
  if (running) {
    // The app is running on this cluster: use it as it is and leave it running.
    return {
      url: embeddedUrl(secrets.databasePassword, running.port),
      secrets,
      describe: `the running embedded PostgreSQL (${dir}, port ${running.port})`,
      close: async () => undefined,
    };
  }
  const started = await startEmbeddedDatabase({
    dataDir: settings.WATCHPOST_DATA_DIR,
    password: secrets.databasePassword,
    port: settings.WATCHPOST_EMBEDDED_PG_PORT,
    log: options.log,
  });
  return {
    url: started.url,
    secrets,
    describe: `the embedded PostgreSQL (${dir}, 127.0.0.1:${started.port})`,
    close: () => started.stop(),
  };
}

/**
 * Point the app's configuration at this database: in embedded mode its URL and the
 * generated secrets (unless set), so every later getEnv() sees one complete configuration.
 */
export function useDatabaseEnv(database: OpenedDatabase): void {
  if (!database.secrets) return;
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ||= database.secrets.authSecret;
  process.env.WATCHPOST_ENCRYPTION_KEY ||= database.secrets.encryptionKey;
  process.env.WATCHPOST_ENCRYPTION_KEY_PREVIOUS ||= (database.secrets.previousEncryptionKeys ?? []).join(',');
  process.env.WATCHPOST_EMBEDDED = 'true';
}
