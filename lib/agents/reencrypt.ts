import type postgres from 'postgres';
import { decryptRowSecret, encryptRowSecret, keyIdOf, type ServerKey } from '@/lib/crypto/agent-keys';

// Every secret stored under the server key, with the row id as associated data (NULL or
// empty where a row has none: the built-in agent, monitors that are not push monitors).
const SECRET_COLUMNS = [
  { table: 'agents', column: 'api_key_encrypted', what: 'agent' },
  { table: 'notification_channels', column: 'secrets_encrypted', what: 'notification channel' },
  { table: 'monitors', column: 'push_key_encrypted', what: 'push monitor' },
] as const;

export interface ReencryptResult {
  reencrypted: number;
  alreadyCurrent: number;
}

/**
 * Re-encrypt every stored secret (agent keys, notification channel secrets, push monitors' ping keys) that is not
 * under `current`, in one transaction. Any secret that none of `accepted` opens aborts the
 * whole rotation (nothing changes).
 */
export async function reencryptStoredSecrets(sql: postgres.Sql, current: ServerKey, accepted: ServerKey[]): Promise<ReencryptResult> {
  return sql.begin(async (tx) => {
    const unreadable: string[] = [];
    let reencrypted = 0;
    let total = 0;
    for (const { table, column, what } of SECRET_COLUMNS) {
      // The built-in agent has no key (an empty value).
      const rows = await tx<{ id: string; secret: Buffer }[]>`
        SELECT id, ${tx(column)} AS secret FROM ${tx(table)} WHERE octet_length(${tx(column)}) > 0 ORDER BY id FOR UPDATE`;
      total += rows.length;
      for (const row of rows) {
        if (keyIdOf(row.secret)?.equals(current.id)) continue;
        const plaintext = decryptRowSecret(row.secret, row.id, accepted);
        if (plaintext === null) {
          unreadable.push(`${what} ${row.id}`);
          continue;
        }
        await tx`UPDATE ${tx(table)} SET ${tx(column)} = ${encryptRowSecret(plaintext, row.id, current)} WHERE id = ${row.id}`;
        reencrypted++;
      }
    }
    if (unreadable.length) {
      throw new Error(
        `No configured key opens the stored secret of ${unreadable.join(', ')}; add the key they were made with to WATCHPOST_ENCRYPTION_KEY_PREVIOUS. Nothing was changed.`,
      );
    }
    return { reencrypted, alreadyCurrent: total - reencrypted };
  }) as Promise<ReencryptResult>;
}
