import 'server-only';
import { signedToken, tokensMatch } from '@/lib/crypto/tokens';

// Short-lived statements the server signs and reads back, nothing stored: `purpose` is part
// of what is signed, so a ticket for one use never passes for another.
// - second-factor: the half-signed-in marker (a password was right; 5 minutes to give a
//   second factor). Its own cookie, read by the second step alone: no page, action or API
//   sees a session in it.
// - session: "sign this person in again" after their own change ended every session (a new
//   password, a factor added): made and used inside one server action, never sent out.

export interface TicketPayload {
  /** users.id */
  u: string;
  /** users.session_version when issued: a password change or "sign out everywhere" voids it */
  v: number;
}

export type TicketPurpose = 'second-factor' | 'session' | 'password-reset';

export function signTicket(purpose: TicketPurpose, payload: TicketPayload, ttlSeconds: number): string {
  const body = Buffer.from(JSON.stringify({ ...payload, p: purpose, e: Math.floor(Date.now() / 1000) + ttlSeconds })).toString('base64url');
  return `${body}.${signedToken(`ticket:${purpose}:${body}`)}`;
}

export function openTicket(purpose: TicketPurpose, ticket: unknown): TicketPayload | null {
  if (typeof ticket !== 'string' || ticket.length > 1000) return null;
  const [body, signature, extra] = ticket.split('.');
  if (!body || !signature || extra !== undefined || !tokensMatch(signature, signedToken(`ticket:${purpose}:${body}`))) return null;
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { u?: unknown; v?: unknown; p?: unknown; e?: unknown };
    if (value.p !== purpose || typeof value.u !== 'string' || typeof value.v !== 'number' || typeof value.e !== 'number') return null;
    if (value.e < Date.now() / 1000) return null;
    return { u: value.u, v: value.v };
  } catch {
    return null;
  }
}
