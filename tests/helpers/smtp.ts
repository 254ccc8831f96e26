import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

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

/** A local SMTP server on `port` (0: any free one) that keeps every mail it receives. */
export async function collectMail(port = 0): Promise<{ mails: ReceivedMail[]; port: number; close: () => Promise<void> }> {
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
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  return {
    mails,
    port: (smtp.server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
