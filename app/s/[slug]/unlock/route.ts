import { verifyPassword } from '@/lib/auth/password';
import { getEnv } from '@/lib/env';
import { readFormLimited } from '@/lib/http/form';
import { isCrossSitePost } from '@/lib/http/same-origin';
import { hitRateLimit } from '@/lib/rate-limit';
import { clientIpFrom } from '@/lib/request';
import { unlockCookieName, unlockToken, UNLOCK_DAYS } from '@/lib/status-pages/access';
import { basePathFor, htmlResponse, publicPageFor } from '@/lib/status-pages/public-route';
import { unlockPageHtml } from '@/lib/status-pages/render-html';
import { inTime } from '@/lib/time';

export const dynamic = 'force-dynamic';

const ATTEMPTS_PER_WINDOW = 10;
const WINDOW_SECONDS = 15 * 60;

// POST /s/[slug]/unlock — the password form of a protected page: a cookie (never the password in a URL), wrong guesses throttled per page and IP
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const page = await publicPageFor(request, (await params).slug);
  if (page instanceof Response) return page;
  const basePath = basePathFor(request, page);
  const target = basePath || '/';
  if (isCrossSitePost(request.method, request.headers, getEnv().WATCHPOST_PUBLIC_URL)) {
    return htmlResponse(unlockPageHtml(page, basePath, 'Send the form from this page.'), 403);
  }
  if (page.passwordHash === null) return new Response(null, { status: 303, headers: { Location: target } });
  const attempts = await hitRateLimit(`status-page-unlock:${page.id}:${clientIpFrom(request.headers)}`, WINDOW_SECONDS);
  if (attempts.count > ATTEMPTS_PER_WINDOW) {
    return htmlResponse(unlockPageHtml(page, basePath, `Too many attempts. Try again ${inTime(attempts.resetInSeconds)}.`), 429);
  }
  const form = await readFormLimited(request);
  if (!form) return htmlResponse(unlockPageHtml(page, basePath, 'That form is too large.'), 413);
  const password = form.get('password');
  if (password === null || password.length === 0 || password.length > 200 || !(await verifyPassword(page.passwordHash, password))) {
    return htmlResponse(unlockPageHtml(page, basePath, 'That is not the password of this page.'), 401);
  }
  const secure = getEnv().WATCHPOST_PUBLIC_URL?.startsWith('https://') ? '; Secure' : '';
  return new Response(null, {
    status: 303,
    headers: {
      Location: target,
      'Set-Cookie': `${unlockCookieName(page.id)}=${unlockToken(page)}; Path=${target}; Max-Age=${UNLOCK_DAYS * 86_400}; HttpOnly; SameSite=Lax${secure}`,
      'Cache-Control': 'no-store',
    },
  });
}
