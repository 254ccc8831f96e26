import 'server-only';
import { sqlClient } from '@/db';

/** True when the database answers a trivial query within `timeoutMs`. Never throws. */
export async function isDatabaseReachable(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const query = sqlClient()`SELECT 1`;
    return await Promise.race([
      query.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          query.cancel();
          resolve(false);
        }, timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
