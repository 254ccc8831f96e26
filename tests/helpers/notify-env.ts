import { resetEnvCache } from '@/lib/env';

/** What the notification tests share: links on a public address, and local receivers allowed as destinations. */
export function notifyLocally(): void {
  process.env.WATCHPOST_PUBLIC_URL = 'https://watch.example';
  process.env.WATCHPOST_NOTIFY_PRIVATE_TARGETS = 'true';
  resetEnvCache();
}
