'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { statusPageBySlug } from '@/db/queries/status-pages';
import { publicAction } from '@/lib/actions/safe-action';
import { verifyPassword } from '@/lib/auth/password';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { hitRateLimit } from '@/lib/rate-limit';
import { unlockCookieName, unlockToken, UNLOCK_DAYS } from '@/lib/status-pages/access';
import { slugSchema, unlockPageSchema } from '@/lib/status-pages/schemas';
import { inTime } from '@/lib/time';

const ATTEMPTS_PER_WINDOW = 10;
const WINDOW_SECONDS = 15 * 60;

/** A visitor enters a page's password: a cookie opens the page; wrong guesses are throttled per page and IP. */
export const unlockStatusPageAction = publicAction(unlockPageSchema.extend({ slug: slugSchema }), async (input, { ip }) => {
  const page = await statusPageBySlug(input.slug);
  if (!page) throw new AppError('NOT_FOUND', 'This status page does not exist.');
  if (page.passwordHash === null) redirect(`/s/${page.slug}`);
  const attempts = await hitRateLimit(`status-page-unlock:${page.id}:${ip}`, WINDOW_SECONDS);
  if (attempts.count > ATTEMPTS_PER_WINDOW) {
    throw new AppError('RATE_LIMITED', `Too many attempts. Try again ${inTime(attempts.resetInSeconds)}.`);
  }
  if (!(await verifyPassword(page.passwordHash, input.password))) {
    throw new AppError('UNAUTHORIZED', 'That is not the password of this page.', { details: [{ field: 'password', message: 'That is not the password of this page.' }] });
  }
  (await cookies()).set(unlockCookieName(page.id), unlockToken(page), {
    httpOnly: true,
    sameSite: 'lax',
    secure: getEnv().WATCHPOST_PUBLIC_URL?.startsWith('https://') ?? false,
    path: `/s/${page.slug}`,
    maxAge: UNLOCK_DAYS * 24 * 3600,
  });
  redirect(`/s/${page.slug}`);
});
