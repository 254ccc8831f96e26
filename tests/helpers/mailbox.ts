import { resetEnvCache } from '@/lib/env';
import { closeMail } from '@/lib/mail/send';
import { collectMail } from './smtp';

export type { ReceivedMail } from './smtp';

/**
 * A local SMTP server that keeps what it receives, with WATCHPOST_SMTP_URL pointing at it
 * until close().
 */
export async function openMailbox(options: { rejectRecipients?: string[] } = {}) {
  const server = await collectMail(0, options);
  process.env.WATCHPOST_SMTP_URL = `smtp://127.0.0.1:${server.port}`;
  resetEnvCache();
  return {
    mails: server.mails,
    close: async () => {
      delete process.env.WATCHPOST_SMTP_URL;
      resetEnvCache();
      closeMail();
      await server.close();
    },
  };
}
