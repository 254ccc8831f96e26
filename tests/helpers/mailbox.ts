import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { resetEnvCache } from '@/lib/env';
import { closeMail } from '@/lib/mail/send';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string | string[];
  /** raw header values by lower-case name (unfolded) */
  headers: Map<string, string>;
}

/**
 * A local SMTP server that keeps what it receives, with WATCHPOST_SMTP_URL pointing at it
 * until close().
 */
export async function openMailbox(): Promise<{ mails: ReceivedMail[]; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        mails.push({
          to: (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text ?? '',
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          messageId: mail.messageId,
          inReplyTo: mail.inReplyTo,
          references: mail.references,
          headers: new Map(mail.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()])),
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  process.env.WATCHPOST_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
  resetEnvCache();
  return {
    mails,
    close: async () => {
      delete process.env.WATCHPOST_SMTP_URL;
      resetEnvCache();
      closeMail();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
