import type postgres from 'postgres';
import { decryptAgentToken, encryptAgentToken, keyIdOf, type ServerKey } from '@/lib/crypto/agent-keys';

/**
 * Re-encrypt every agent key that is not under `current`, in one transaction. Any key
 * that none of `accepted` opens aborts the whole rotation (nothing changes).
 */
export async function reencryptAgentKeys(
  sql: postgres.Sql,
  current: ServerKey,
  accepted: ServerKey[],
): Promise<{ reencrypted: number; alreadyCurrent: number }> {
  return sql.begin(async (tx) => {
    const rows = await tx<{ id: string; api_key_encrypted: Buffer }[]>`
      SELECT id, api_key_encrypted FROM agents WHERE kind = 'remote' ORDER BY id FOR UPDATE`;
    const unreadable: string[] = [];
    let reencrypted = 0;
    for (const row of rows) {
      if (keyIdOf(row.api_key_encrypted)?.equals(current.id)) continue;
      const token = decryptAgentToken(row.api_key_encrypted, row.id, accepted);
      if (token === null) {
        unreadable.push(row.id);
        continue;
      }
      await tx`UPDATE agents SET api_key_encrypted = ${encryptAgentToken(token, row.id, current)} WHERE id = ${row.id}`;
      reencrypted++;
    }
    if (unreadable.length) {
      throw new Error(
        `No configured key opens the stored key of agent(s) ${unreadable.join(', ')}; add the key they were made with to WATCHPOST_ENCRYPTION_KEY_PREVIOUS. Nothing was changed.`,
      );
    }
    return { reencrypted, alreadyCurrent: rows.length - reencrypted };
  }) as Promise<{ reencrypted: number; alreadyCurrent: number }>;
}
