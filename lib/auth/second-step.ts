import 'server-only';
import { cookies } from 'next/headers';
import { getEnv } from '@/lib/env';
import { SECOND_STEP_SECONDS } from './index';

// The half-signed-in marker's cookie: set when a password was right for a person with a second
// factor, read only by /login/verify (and its action), deleted when that step signs them in.
// HttpOnly, this site only, 5 minutes; it is not a session and nothing else reads it.

export const SECOND_STEP_COOKIE = 'watchpost-second-step';

export async function setSecondStepMarker(marker: string): Promise<void> {
  const https = getEnv().WATCHPOST_PUBLIC_URL?.startsWith('https://') ?? false;
  (await cookies()).set(SECOND_STEP_COOKIE, marker, { httpOnly: true, sameSite: 'lax', secure: https, path: '/login', maxAge: SECOND_STEP_SECONDS });
}

export async function secondStepMarker(): Promise<string | undefined> {
  return (await cookies()).get(SECOND_STEP_COOKIE)?.value;
}

export async function clearSecondStepMarker(): Promise<void> {
  (await cookies()).delete({ name: SECOND_STEP_COOKIE, path: '/login' });
}
