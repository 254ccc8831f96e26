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
  attachments: { filename?: string; contentType: string; content: Buffer }[];
}

/** A local SMTP server on `port` (0: any free one) that keeps every mail it receives. */
export async function collectMail(port = 0, { rejectRecipients = [] }: { rejectRecipients?: string[] } = {}): Promise<{ mails: ReceivedMail[]; port: number; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A mailbox that does not exist: refused at RCPT TO, as a real server bounces it.
    onRcptTo(address, _session, callback) {
      if (rejectRecipients.includes(address.address)) {
        const error = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
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
          attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        });
        callback();
      }, callback);
    },
  });
  // Browser tests that read the app's mail share its one SMTP port: the second waits (up to
  // two minutes) for the first to finish instead of failing on EADDRINUSE.
  // The server re-emits its socket's errors; the listen errors are handled below.
  smtp.on('error', () => undefined);
  for (const deadline = Date.now() + 120_000; ; ) {
    const listening = await new Promise<boolean>((resolve, reject) => {
      const onListening = () => {
        smtp.server.off('error', onError);
        resolve(true);
      };
      const onError = (error: NodeJS.ErrnoException) => {
        smtp.server.off('listening', onListening);
        if (error.code === 'EADDRINUSE' && Date.now() < deadline) resolve(false);
        else reject(error);
      };
      smtp.server.once('error', onError);
      smtp.server.once('listening', onListening);
      smtp.server.listen(port, '127.0.0.1');
    });
    if (listening) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    mails,
    port: (smtp.server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
