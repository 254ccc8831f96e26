import { emailSchema } from '@/lib/auth/email';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { readFormLimited } from '@/lib/http/form';
import { isCrossSitePost } from '@/lib/http/same-origin';
import { mailConfigured } from '@/lib/mail/send';
import { hitRateLimit } from '@/lib/rate-limit';
import { clientIpFrom } from '@/lib/request';
import { basePathFor, htmlResponse, notFoundPage, publicPageFor } from '@/lib/status-pages/public-route';
import { cachedPublicStatusPage } from '@/lib/status-pages/public-view';
import { noticePageHtml, subscribeFormHtml } from '@/lib/status-pages/render-html';
import { subscribe } from '@/lib/status-pages/subscriptions';
import { inTime } from '@/lib/time';

export const dynamic = 'force-dynamic';

// POST /s/[slug]/subscribe — e-mail subscription to a public page (double opt-in): the same answer for a new, pending or subscribed address; floods from one IP refused
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const page = await publicPageFor(request, (await params).slug);
  if (page instanceof Response) return page;
  // Subscriptions are for public pages (like the feeds), and need outgoing mail.
  if (page.passwordHash !== null || !mailConfigured()) return notFoundPage();
  const basePath = basePathFor(request, page);
  const again = async (status: number, problem: string) => {
    const view = await cachedPublicStatusPage(page);
    return htmlResponse(
      noticePageHtml(page, { heading: 'Subscribe to updates', text: `Get e-mail when ${page.title} posts about an incident or maintenance.`, extra: subscribeFormHtml(view, basePath, problem), back: basePath || '/' }),
      status,
    );
  };
  if (isCrossSitePost(request.method, request.headers, getEnv().WATCHPOST_PUBLIC_URL)) return again(403, 'Send the form from this page.');
  const hits = await hitRateLimit(`form:ip:${clientIpFrom(request.headers)}`, 3600);
  if (hits.count > getEnv().ANONYMOUS_FORM_LIMIT_PER_HOUR) return again(429, `Too many attempts from your network. Try again ${inTime(hits.resetInSeconds)}.`);
  const form = await readFormLimited(request);
  if (!form) return again(413, 'That form is too large.');
  const email = emailSchema.safeParse(form.get('email') ?? '');
  if (!email.success) return again(400, email.error.issues[0]?.message ?? 'Enter an e-mail address like name@example.com.');
  const componentIds = form.getAll('component');
  if (componentIds.some((id) => !/^[0-9a-f-]{36}$/i.test(id))) return again(400, 'Choose among the components of this page.');
  try {
    await subscribe({ pageId: page.id, email: email.data, componentIds });
  } catch (error) {
    if (error instanceof AppError && error.code === 'INVALID_INPUT') return again(400, error.message);
    throw error;
  }
  return htmlResponse(
    noticePageHtml(page, {
      heading: 'Check your inbox',
      text: `If ${email.data} is not subscribed yet, we sent it a link to confirm. Nothing else is sent until it is confirmed.`,
      back: basePath || '/',
    }),
    200,
  );
}
