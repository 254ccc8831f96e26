import { formatDateTime, formatDay, formatUptime } from '@/lib/format';
import { type DayCell, dayLevel, describeDay } from '@/lib/rollups/day-cells';
import { markdownToSafeHtml } from './markdown';
import { POST_IMPACT_LABELS, POST_STATE_LABELS } from './labels';
import type { PublicComponent, PublicMaintenance, PublicPost, PublicSlo, PublicStatusPage } from './public-view';

// A public status page as plain HTML: no script at all, so the same bytes can go to every
// visitor, be cached by a CDN under an ETag, and be framed where the owner allows it. Every
// value is escaped here; the only markup that comes from elsewhere is an update's Markdown,
// through the sanitizing pipeline (markdown.ts).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export const STYLESHEET_PATH = '/s/status.css';

function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
${head}</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}


const monthName = (month: string) => new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

function bars(cells: readonly DayCell[], label: string): string {
  const items = cells.map((cell) => `<li class="d-${dayLevel(cell)}" title="${escapeHtml(describeDay(cell))}" data-uptime="${cell.uptime ?? 'none'}" tabindex="0"></li>`).join('');
  return `<ol class="bars" aria-label="${escapeHtml(label)}">${items}</ol>
<p class="axis"><span>${cells[0] ? escapeHtml(formatDay(cells[0].day)) : ''}</span><span>Today</span></p>`;
}

function component(entry: PublicComponent): string {
  return `<li class="component" data-testid="status-component">
<div class="row"><div><h3>${escapeHtml(entry.name)}</h3>${entry.description ? `<p class="muted">${escapeHtml(entry.description)}</p>` : ''}</div>
<span class="state s-${entry.status}"><span class="dot" aria-hidden="true"></span>${escapeHtml(entry.statusLabel)}</span></div>
${bars(entry.days, `${entry.name}: the last 90 days`)}
<p class="small">${entry.uptime === null ? 'No data in the last 90 days' : `${escapeHtml(formatUptime(entry.uptime))} uptime over the last 90 days`}</p>
${entry.slo ? sloLine(entry.slo) : ''}
</li>`;
}

/** "99.982 % over the last 30 days · target 99.9 % · met" */
function sloLine(slo: PublicSlo): string {
  const verdict = slo.met === null ? 'no data yet' : slo.met ? 'met' : 'not met';
  return `<p class="small slo" data-testid="status-slo">${slo.attainment === null ? 'No data' : `${slo.attainment.toFixed(3)} %`} over the last ${slo.days} days · target ${Number(slo.target.toFixed(3))} % · <strong class="${slo.met === false ? 'missed' : ''}">${verdict}</strong></p>`;
}

function post(entry: PublicPost, timeZone: string): string {
  const impact = entry.impact === 'none' ? 'No impact' : `${POST_IMPACT_LABELS[entry.impact]} impact`;
  const updates = entry.updates
    .map(
      (update) => `<li><p><strong>${POST_STATE_LABELS[update.state]}</strong> <time datetime="${update.createdAt.toISOString()}">${escapeHtml(
        formatDateTime(update.createdAt, timeZone, { seconds: false }),
      )}</time></p><div class="md">${markdownToSafeHtml(update.body)}</div></li>`,
    )
    .join('\n');
  return `<article class="post i-${entry.impact}" id="post-${entry.id}" data-testid="status-post">
<h3>${escapeHtml(entry.title)}</h3>
<p class="small">${impact}${entry.components.length ? ` · ${escapeHtml(entry.components.join(', '))}` : ''}</p>
<ol class="updates">
${updates}
</ol>
</article>`;
}

/** The subscribe form: an address, and (folded away) the components to follow instead of the whole page. */
export function subscribeFormHtml(page: { groups: { components: { id: string; name: string }[] }[] }, basePath: string, problem?: string): string {
  const components = page.groups.flatMap((group) => group.components);
  const choices = components.length
    ? `<details><summary>Only some components</summary><fieldset><legend>Send me only what affects</legend>${components
        .map((c) => `<label class="check"><input type="checkbox" name="component" value="${c.id}"> ${escapeHtml(c.name)}</label>`)
        .join('')}</fieldset></details>`
    : '';
  return `<form method="post" action="${basePath}/subscribe" class="subscribe">
${problem ? `<p role="alert" class="problem">${escapeHtml(problem)}</p>` : ''}<label for="subscribe-email">Email address</label>
<div class="inline"><input id="subscribe-email" name="email" type="email" autocomplete="email" maxlength="254" required><button type="submit">Subscribe</button></div>
${choices}
</form>`;
}

export interface PageOptions {
  feeds?: boolean;
  basePath?: string;
  /** offer e-mail subscriptions (a public page, with mail configured) */
  subscribe?: boolean;
}

function maintenanceEntry(entry: PublicMaintenance, timeZone: string): string {
  const at = (date: Date) => `<time datetime="${date.toISOString()}">${escapeHtml(formatDateTime(date, timeZone, { seconds: false }))}</time>`;
  return `<article class="post i-maintenance" data-testid="status-maintenance">
<h3>${escapeHtml(entry.title)}</h3>
<p class="small">${entry.repeats ? 'Next: ' : ''}${at(entry.startsAt)} – ${at(entry.endsAt)}${entry.repeats ? ' (repeats)' : ''}${entry.components.length ? ` · ${escapeHtml(entry.components.join(', '))}` : ''}</p>
${entry.description ? `<div class="md">${markdownToSafeHtml(entry.description)}</div>` : ''}
</article>`;
}

export function statusPageHtml(page: PublicStatusPage, { feeds = true, basePath = `/s/${page.slug}`, subscribe = false }: PageOptions = {}): string {
  const base = basePath;
  const head = feeds
    ? `<link rel="alternate" type="application/rss+xml" title="${escapeHtml(page.title)}" href="${base}/feed.rss">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(page.title)}" href="${base}/feed.atom">
`
    : '<meta name="robots" content="noindex">\n';
  const logo = page.logoUrl ? `<img src="${escapeHtml(page.logoUrl)}" alt="" class="logo" referrerpolicy="no-referrer">` : '';
  const open = page.openPosts.length
    ? `<section aria-label="Current incidents"><h2>Current incidents</h2>\n${page.openPosts.map((entry) => post(entry, page.timeZone)).join('\n')}</section>`
    : '';
  const groups = page.groups
    .map(
      (group) => `<section class="card" aria-label="${escapeHtml(group.name || 'Components')}">${group.name ? `<h2 class="group">${escapeHtml(group.name)}</h2>` : ''}
<ul>${group.components.map(component).join('\n')}</ul></section>`,
    )
    .join('\n');
  const history = page.history;
  const nav = `<nav aria-label="Months" class="months">${history.previousMonth ? `<a href="?month=${history.previousMonth}">← ${monthName(history.previousMonth)}</a>` : '<span></span>'}${
    history.nextMonth ? `<a href="?month=${history.nextMonth}">${monthName(history.nextMonth)} →</a>` : ''
  }</nav>`;
  const past = `<section aria-label="Past incidents"><h2>Past incidents · ${monthName(history.month)}</h2>
${history.posts.length ? history.posts.map((entry) => post(entry, page.timeZone)).join('\n') : '<p class="muted">No incidents reported this month.</p>'}
${nav}</section>`;
  const body = `<header><div class="title">${logo}<h1>${escapeHtml(page.title)}</h1></div>${page.description ? `<p class="muted pre">${escapeHtml(page.description)}</p>` : ''}</header>
<p role="status" class="banner b-${page.overall.status}" data-testid="overall-status">${escapeHtml(page.overall.line)}</p>
${open}
${page.maintenance.active.length ? `<section aria-label="Maintenance in progress"><h2>Maintenance in progress</h2>\n${page.maintenance.active.map((m) => maintenanceEntry(m, page.timeZone)).join('\n')}</section>` : ''}
${groups}
${page.maintenance.upcoming.length ? `<section aria-label="Scheduled maintenance"><h2>Scheduled maintenance</h2>\n${page.maintenance.upcoming.map((m) => maintenanceEntry(m, page.timeZone)).join('\n')}</section>` : ''}
${subscribe ? `<section class="card" aria-label="Subscribe"><h2>Get updates by e-mail</h2>\n${subscribeFormHtml(page, base)}</section>` : ''}
${past}
<footer><span>Days in ${escapeHtml(page.timeZone)}. Powered by Watchpost.</span>${
    feeds ? `<span>Follow incidents: <a href="${base}/feed.rss">RSS</a> · <a href="${base}/feed.atom">Atom</a></span>` : ''
  }</footer>`;
  return layout(`${page.title} status`, body, head);
}

/** The password form of a protected page (its title only); `problem` is said above the field. */
export function unlockPageHtml(page: { slug: string; title: string }, basePath = `/s/${page.slug}`, problem?: string): string {
  return layout(
    `${page.title} status`,
    `<h1>${escapeHtml(page.title)}</h1>
<p class="muted">This status page is protected. Enter its password to see it.</p>
<form method="post" action="${basePath}/unlock" class="unlock">
${problem ? `<p role="alert" class="problem">${escapeHtml(problem)}</p>` : ''}<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">View status</button>
</form>`,
    '<meta name="robots" content="noindex">\n',
  );
}

/** A page of its own for what a visitor's form or link did: a heading, a sentence, maybe one button (a form posting back). */
export function noticePageHtml(
  page: { title: string },
  notice: { heading: string; text: string; action?: { url: string; button: string }; back?: string; extra?: string },
): string {
  return layout(
    `${page.title} status`,
    `<h1>${escapeHtml(notice.heading)}</h1>
<p class="muted">${escapeHtml(notice.text)}</p>
${notice.action ? `<form method="post" action="${escapeHtml(notice.action.url)}"><button type="submit">${escapeHtml(notice.action.button)}</button></form>` : ''}${notice.extra ?? ''}
${notice.back ? `<p><a href="${escapeHtml(notice.back)}">Back to the status page</a></p>` : ''}`,
    '<meta name="robots" content="noindex">\n',
  );
}

export const STATUS_PAGE_CSS = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;background:#f8fafc;color:#0f172a;font:15px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:48rem;margin:0 auto;padding:2rem 1rem 3rem}
h1{font-size:1.5rem;margin:0}h2{font-size:1.1rem;margin:1.5rem 0 .75rem}h3{font-size:1rem;font-weight:600;margin:0}
a{color:#047857}ul,ol{margin:0;padding:0;list-style:none}
.title{display:flex;align-items:center;gap:.75rem}.logo{height:2.5rem;max-width:10rem;object-fit:contain}
.muted{color:#475569;margin:.5rem 0 0}.pre{white-space:pre-line}.small{color:#64748b;font-size:.75rem;margin:.25rem 0 0}.slo .missed{color:#b91c1c}
.banner{margin:1.5rem 0;padding:.75rem 1rem;border-radius:.5rem;color:#fff;font-size:1.1rem;font-weight:500}
.b-operational{background:#059669}.b-maintenance{background:#0369a1}.b-degraded{background:#d97706}.b-outage{background:#dc2626}.b-unknown,.b-empty{background:#64748b}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:.5rem;padding:0 1rem;margin:1rem 0}.group{border-bottom:1px solid #f1f5f9;margin:0;padding:.75rem 0}
.component{padding:1rem 0;border-top:1px solid #f1f5f9}.component:first-child{border-top:0}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.5rem;margin-bottom:.5rem}
.state{display:inline-flex;align-items:center;gap:.375rem;font-size:.875rem;font-weight:500}.dot{width:.625rem;height:.625rem;border-radius:50%;background:currentColor}
.s-operational{color:#047857}.s-maintenance{color:#0369a1}.s-degraded{color:#b45309}.s-outage{color:#b91c1c}.s-unknown{color:#475569}
.bars{display:flex;gap:1px;height:2.5rem}.bars li{flex:1;min-width:0;border-radius:1px}.bars li:hover,.bars li:focus{opacity:.75;outline:2px solid #0f172a}
.d-none{background:#e2e8f0}.d-maintenance{background:#0ea5e9}.d-good{background:#10b981}.d-fair{background:#84cc16}.d-poor{background:#f59e0b}.d-bad{background:#ef4444}
.axis{display:flex;justify-content:space-between;color:#64748b;font-size:.75rem;margin:.25rem 0 0}
.post{background:#fff;border-left:4px solid #cbd5e1;padding:.75rem 1rem;margin:.75rem 0}.i-minor{border-color:#fbbf24}.i-major{border-color:#f97316}.i-critical{border-color:#dc2626}.i-maintenance{border-color:#0ea5e9}
.updates>li{margin-top:.75rem}.updates p{margin:0}.updates time{color:#64748b;font-size:.75rem}
.md{font-size:.875rem;color:#334155}.md p{margin:.25rem 0}.md ul{list-style:disc;padding-left:1.25rem}.md ol{list-style:decimal;padding-left:1.25rem}.md code{background:#f1f5f9;border-radius:.25rem;padding:0 .25rem}
.months{display:flex;justify-content:space-between;font-size:.875rem;margin-top:.75rem}
footer{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;color:#64748b;font-size:.75rem;margin-top:2rem}
.unlock,.subscribe{display:grid;gap:.5rem;max-width:28rem;margin-top:1rem}.unlock input,.subscribe input[type=email]{padding:.5rem .75rem;border:1px solid #cbd5e1;border-radius:.375rem;font:inherit;min-width:0}
.unlock button,.subscribe button,form button{padding:.5rem 1rem;border:0;border-radius:.375rem;background:#047857;color:#fff;font:inherit;font-weight:500;cursor:pointer}
.subscribe{grid-template-columns:minmax(0,1fr)}.subscribe .inline{display:flex;gap:.5rem}.subscribe .inline input{flex:1}.subscribe fieldset{border:0;padding:.25rem 0;margin:0}.subscribe legend{font-size:.85rem;color:#475569}
.check{display:flex;gap:.5rem;align-items:center;font-size:.9rem}summary{cursor:pointer;font-size:.9rem;color:#475569}
.problem{color:#b91c1c;margin:0}
`;
