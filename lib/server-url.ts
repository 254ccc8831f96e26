import 'server-only';
import { headers } from 'next/headers';
import { servedOrigin } from '@/lib/http/same-origin';

/** This server's URL as the browser reached it, for the commands shown to users. */
export async function publicServerUrl(): Promise<string> {
  return servedOrigin(await headers());
}
