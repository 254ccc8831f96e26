import 'server-only';
import { cookies } from 'next/headers';
import { TIME_ZONE_COOKIE, validTimeZone } from '@/lib/timezone';

/** The signed-in viewer's time zone, from the cookie the browser sets; UTC until then. */
export async function viewerTimeZone(): Promise<string> {
  return validTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value) ?? 'UTC';
}
