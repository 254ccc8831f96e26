import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { getEnv } from '@/lib/env';

// Outgoing mail over the operator's SMTP server (WATCHPOST_SMTP_URL). Without it,
// nothing is sent and callers say so instead (the admin CLI prints the links).

let transport: { url: string; transporter: Transporter } | undefined;

export function mailConfigured(): boolean {
  return !!getEnv().WATCHPOST_SMTP_URL;
}

function transporter(url: string): Transporter {
  if (transport?.url !== url) {
    transport?.transporter.close();
    // Timeouts well under the delivery lease: a server that hangs is an attempt that failed.
    const transporter = nodemailer.createTransport(`${url}${url.includes('?') ? '&' : '?'}connectionTimeout=10000&greetingTimeout=10000&socketTimeout=20000`, {
      from: getEnv().WATCHPOST_MAIL_FROM,
    });
    transport = { url, transporter };
  }
  return transport.transporter;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
  /** threading: this mail's Message-ID, and the one it answers */
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  /** files sent along (a scheduled report's PDF) */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** Send one mail; throws with the SMTP server's answer when it is refused. */
export async function sendMail(mail: OutgoingMail): Promise<{ messageId: string; response: string }> {
  const url = getEnv().WATCHPOST_SMTP_URL;
  if (!url) throw new Error('WATCHPOST_SMTP_URL is not set: no mail can be sent.');
  const info = await transporter(url).sendMail({ from: getEnv().WATCHPOST_MAIL_FROM, ...mail });
  return { messageId: info.messageId, response: String(info.response ?? '') };
}

/** Close the SMTP connection pool (CLI exit, tests). */
export function closeMail(): void {
  transport?.transporter.close();
  transport = undefined;
}
