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
    transport = { url, transporter: nodemailer.createTransport(url, { from: getEnv().WATCHPOST_MAIL_FROM }) };
  }
  return transport.transporter;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

/** Send one mail; throws with the SMTP server's answer when it is refused. */
export async function sendMail(mail: OutgoingMail): Promise<{ messageId: string }> {
  const url = getEnv().WATCHPOST_SMTP_URL;
  if (!url) throw new Error('WATCHPOST_SMTP_URL is not set: no mail can be sent.');
  const info = await transporter(url).sendMail({ from: getEnv().WATCHPOST_MAIL_FROM, ...mail });
  return { messageId: info.messageId };
}

/** Close the SMTP connection pool (CLI exit, tests). */
export function closeMail(): void {
  transport?.transporter.close();
  transport = undefined;
}
