import 'server-only';
import { headers } from 'next/headers';

/** This server's URL as the browser reached it, for the commands shown to users. */
export async function publicServerUrl(): Promise<string> {
  const incoming = await headers();
  const host = incoming.get('x-forwarded-host') ?? incoming.get('host') ?? 'localhost:3000';
  const proto = incoming.get('x-forwarded-proto') ?? 'http';
  return `${proto.split(',')[0]!.trim()}://${host.split(',')[0]!.trim()}`;
}
