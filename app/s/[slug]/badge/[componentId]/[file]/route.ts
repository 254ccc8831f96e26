import { pageComponent } from '@/db/queries/status-pages';
import { windowStats } from '@/db/queries/timeseries';
import { getEnv } from '@/lib/env';
import { cachedResponse } from '@/lib/http/cache';
import { cookieFrom } from '@/lib/request';
import { addCounts, noChecks, uptimePercent } from '@/lib/rollups/windows';
import { isUnlocked, unlockCookieName } from '@/lib/status-pages/access';
import { BADGE_STYLES, type BadgeStyle, parseBadgeFile, renderBadge, statusBadge, UPTIME_PERIODS, uptimeBadge } from '@/lib/status-pages/badges';
import { publicRateLimit } from '@/lib/status-pages/public-limits';
import { lookUpPublicPage } from '@/lib/status-pages/public-route';
import { componentStatus } from '@/lib/status-pages/status';

export const dynamic = 'force-dynamic';

const notFound = () => Response.json({ error: { code: 'NOT_FOUND', message: 'No such badge.' } }, { status: 404 });

// GET /s/[slug]/badge/[componentId]/{status|uptime-24h|uptime-7d|uptime-30d|uptime-90d}.{svg|json} — a component's badge (json: a shields.io endpoint)
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; componentId: string; file: string }> }): Promise<Response> {
  const limited = publicRateLimit(request);
  if (limited) return limited;
  const { slug, componentId, file } = await params;
  const badge = parseBadgeFile(file);
  if (!badge || !/^[0-9a-f-]{36}$/i.test(componentId)) return notFound();
  const page = await lookUpPublicPage(request, slug);
  // A protected page's badges are as closed as the page: the same 404 as a missing one.
  if (!page || !isUnlocked(page, cookieFrom(request.headers, unlockCookieName(page.id)))) return notFound();
  const component = await pageComponent(page.id, componentId, getEnv().WATCHPOST_AGENT_POLL_SECONDS);
  if (!component) return notFound();
  const style = new URL(request.url).searchParams.get('style');
  const chosenStyle = (BADGE_STYLES as readonly string[]).includes(style ?? '') ? (style as BadgeStyle) : 'flat';
  let content;
  if (badge.kind === 'status') content = statusBadge(component.name, componentStatus(component.monitorStatuses));
  else {
    const now = new Date();
    const stats = await windowStats(page.userId, component.monitorIds, { from: new Date(now.getTime() - UPTIME_PERIODS[badge.period!]), to: now }, now);
    const total = noChecks();
    for (const counts of stats.values()) addCounts(total, counts);
    content = uptimeBadge(component.name, badge.period!, uptimePercent(total));
  }
  const { body, contentType } = renderBadge(content, badge.format, chosenStyle);
  return cachedResponse(request, body, contentType, { maxAge: 60, staleWhileRevalidate: 600, private: page.passwordHash !== null });
}
