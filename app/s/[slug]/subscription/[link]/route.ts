import { notFoundPage, htmlResponse, publicPageFor } from '@/lib/status-pages/public-route';
import { noticePageHtml } from '@/lib/status-pages/render-html';
import { confirmSubscriber, isSubscriberToken, removeSubscriber, type SubscriberLink } from '@/lib/status-pages/subscriptions';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ slug: string; link: string }> };

/** The page, the link and the subscriber it names, once its token checks out; otherwise the response to send. */
async function open(request: Request, params: Params['params']) {
  const { slug, link } = await params;
  if (link !== 'confirm' && link !== 'unsubscribe') return notFoundPage();
  const page = await publicPageFor(request, slug);
  if (page instanceof Response) return page;
  const url = new URL(request.url);
  const id = url.searchParams.get('id') ?? '';
  if (!isSubscriberToken(link, id, url.searchParams.get('token'))) {
    return htmlResponse(noticePageHtml(page, { heading: 'This link does not work', text: 'It may be incomplete: open it from the e-mail again.', back: `/s/${page.slug}` }), 404);
  }
  return { page, link: link as SubscriberLink, id, self: `${url.pathname}${url.search}` };
}

// GET /s/[slug]/subscription/(confirm|unsubscribe)?id=&token= — a button that posts back: mail scanners that open links change nothing
export async function GET(request: Request, { params }: Params): Promise<Response> {
  const opened = await open(request, params);
  if (opened instanceof Response) return opened;
  const { page, link, self } = opened;
  return htmlResponse(
    noticePageHtml(
      page,
      link === 'confirm'
        ? { heading: 'Confirm your subscription', text: `Get e-mail about ${page.title}: incidents and maintenance.`, action: { url: self, button: 'Confirm subscription' } }
        : { heading: 'Unsubscribe', text: `Stop e-mail about ${page.title}.`, action: { url: self, button: 'Unsubscribe' } },
    ),
    200,
  );
}

// POST the same address — acts: confirms, or unsubscribes (also the one-click POST of RFC 8058 that mail clients send for List-Unsubscribe-Post)
export async function POST(request: Request, { params }: Params): Promise<Response> {
  const opened = await open(request, params);
  if (opened instanceof Response) return opened;
  const { page, link, id } = opened;
  const back = `/s/${page.slug}`;
  if (link === 'unsubscribe') {
    await removeSubscriber(id, page.id);
    return htmlResponse(noticePageHtml(page, { heading: 'You are unsubscribed', text: `You will get no more e-mail about ${page.title}.`, back }), 200);
  }
  if (!(await confirmSubscriber(id, page.id))) {
    return htmlResponse(noticePageHtml(page, { heading: 'This subscription no longer exists', text: 'Subscribe again from the status page.', back }), 404);
  }
  return htmlResponse(noticePageHtml(page, { heading: 'You are subscribed', text: `You will get e-mail when ${page.title} posts about incidents and maintenance.`, back }), 200);
}
