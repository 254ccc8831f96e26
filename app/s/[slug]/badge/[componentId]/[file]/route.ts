import { pageComponents } from '@/db/queries/status-pages';
import { windowStats } from '@/lib/rollups/reads';
import { getEnv } from '@/lib/env';
import { cachedResponse } from '@/lib/http/cache';
import { addCounts, noChecks, uptimePercent } from '@/lib/rollups/windows';
import { BADGE_STYLES, type BadgeStyle, parseBadgeFile, renderBadge, statusBadge, UPTIME_PERIODS, uptimeBadge } from '@/lib/status-pages/badges';
import { openPublicPage } from '@/lib/status-pages/public-route';
import { componentStatus } from '@/lib/status-pages/status';

export const dynamic = 'force-dynamic';

const notFound = () => Response.json({ error: { code: 'NOT_FOUND', message: 'No such badge.' } }, { status: 404 });

// GET /s/[slug]/badge/[componentId]/{status|uptime-24h|uptime-7d|uptime-30d|uptime-90d}.{svg|json} — a component's badge (json: a shields.io endpoint)
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; componentId: string; file: string }> }): Promise<Response> {
  const { slug, componentId, file } = await params;
  const badge = parseBadgeFile(file);
  // A protected page's badges are as closed as the page: the same 404 as a missing one.
  const page = await openPublicPage(request, slug, notFound);
  if (page instanceof Response) return page;
  if (!badge || !/^[0-9a-f-]{36}$/i.test(componentId)) return notFound();
  const [component] = await pageComponents(page.id, getEnv().WATCHPOST_AGENT_POLL_SECONDS, componentId);
  if (!component) return notFound();
  const style = new URL(request.url).searchParams.get('style');
  const chosenStyle = (BADGE_STYLES as readonly string[]).includes(style ?? '') ? (style as BadgeStyle) : 'flat';
  let content;
  if (badge.kind === 'status') content = statusBadge(component.name, componentStatus(component.monitorStatuses));
  else {
    const now = new Date();
    const stats = await windowStats(page.teamId, component.monitorIds, { from: new Date(now.getTime() - UPTIME_PERIODS[badge.period!]), to: now }, now);
    const total = noChecks();
    for (const counts of stats.values()) addCounts(total, counts);
    content = uptimeBadge(component.name, badge.period!, uptimePercent(total));
  }
  const { body, contentType } = renderBadge(content, badge.format, chosenStyle);
  return cachedResponse(request, body, contentType, { maxAge: 60, staleWhileRevalidate: 600, private: page.passwordHash !== null });
}
