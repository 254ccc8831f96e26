import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { LatencyChart } from '@/components/charts/latency-chart';
import { getCurrentUser } from '@/lib/auth/session';
import { registrationMode } from '@/lib/env';
import { param, type SearchParams } from '@/lib/search-params';
import { exampleLatency } from './_components/example-latency';
import { WaitlistForm } from './_components/waitlist-form';

export const metadata: Metadata = {
  title: { absolute: 'Watchpost: uptime monitoring from inside your network' },
  description:
    'Self-hostable uptime monitoring with remote agents: checks from inside your own networks, no false alarms, honest uptime, fast at thousands of monitors.',
};

const strengths = [
  {
    title: 'Agents inside your network',
    text: 'Small outbound-only probes run on a laptop, in a VPC or on a Raspberry Pi and check http, tcp, ping and dns targets nobody else can reach. No inbound ports to open.',
  },
  {
    title: 'No false alarms',
    text: 'A monitor goes down only after the consecutive failures you choose. One outage is one incident, with who acknowledged it and how long it took to resolve.',
  },
  {
    title: 'Honest uptime',
    text: 'Uptime is successful checks over counted checks, rounded down. A window without checks says "no data", never 100 %, and an offline agent shows its monitors as stale.',
  },
  {
    title: 'Fast at thousands of monitors',
    text: 'Heartbeats go to PostgreSQL or TimescaleDB with rollups behind every chart: the dashboard of a thousand monitors with a month of history answers in a tenth of a second.',
  },
];

const audiences = [
  'Developers who outgrew one Uptime Kuma process and its SQLite file',
  'Small ops teams paying per monitor for a hosted checker that cannot see their private services',
  'Anyone gluing Gatus to Prometheus to get incidents and history',
];

export default async function HomePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [params, incoming, user] = await Promise.all([searchParams, headers(), getCurrentUser()]);
  const open = registrationMode() === 'open';
  const example = exampleLatency(Date.now());
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-4 sm:px-6" aria-label="Main">
          <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-brand-500" />
            Watchpost
          </Link>
          <div className="flex items-center gap-2 text-sm">
            {user ? (
              <Link href="/dashboard" className="rounded-md bg-brand-700 px-3 py-2 font-medium text-white hover:bg-brand-800">
                Dashboard
              </Link>
            ) : (
              <>
                <Link href="/login" className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100">
                  Sign in
                </Link>
                <Link href="/signup" className="rounded-md bg-brand-700 px-3 py-2 font-medium text-white hover:bg-brand-800">
                  Sign up
                </Link>
              </>
            )}
          </div>
        </nav>
      </header>

      <main className="flex-1">
        <section className="mx-auto grid max-w-5xl gap-10 px-4 py-14 sm:px-6 lg:grid-cols-[1fr_22rem] lg:py-20">
          <div>
            <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">Watchpost</h1>
            <p className="mt-4 max-w-2xl text-lg text-slate-700">
              Self-hostable uptime monitoring: agents you run anywhere check your websites and services from inside your
              own networks, and Watchpost turns their results into status, incidents and uptime you can trust.
            </p>
            <ul className="mt-6 space-y-2 text-sm text-slate-700">
              {audiences.map((audience) => (
                <li key={audience} className="flex gap-2">
                  <span aria-hidden className="mt-1.5 inline-block h-2 w-2 shrink-0 rounded-full bg-brand-500" />
                  {audience}
                </li>
              ))}
            </ul>
            <div className="mt-8 flex flex-wrap gap-3">
              <a href="#waitlist" className="rounded-md bg-brand-700 px-5 py-3 font-medium text-white hover:bg-brand-800">
                Join the beta
              </a>
              {open && !user ? (
                <Link href="/signup" className="rounded-md border border-slate-300 bg-white px-5 py-3 font-medium text-slate-800 hover:bg-slate-100">
                  Create an account
                </Link>
              ) : null}
            </div>
          </div>

          <section id="waitlist" aria-labelledby="waitlist-heading" className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="waitlist-heading" className="text-lg font-semibold">
              Join the beta waitlist
            </h2>
            <p className="mb-4 mt-1 text-sm text-slate-600">We let people in as we grow, and send each an invitation link.</p>
            <WaitlistForm referrer={incoming.get('referer')?.slice(0, 500) || undefined} utmSource={param(params.utm_source)?.slice(0, 100) || undefined} />
          </section>
        </section>

        <section className="border-t border-slate-200 bg-white" aria-labelledby="strengths-heading">
          <div className="mx-auto max-w-5xl px-4 py-14 sm:px-6">
            <h2 id="strengths-heading" className="text-2xl font-semibold tracking-tight">
              What sets it apart
            </h2>
            <ul className="mt-8 grid gap-8 sm:grid-cols-2">
              {strengths.map((strength) => (
                <li key={strength.title}>
                  <h3 className="font-semibold">{strength.title}</h3>
                  <p className="mt-2 text-sm leading-6 text-slate-700">{strength.text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>

        <section className="mx-auto max-w-5xl px-4 py-14 sm:px-6" aria-labelledby="example-heading">
          <h2 id="example-heading" className="text-2xl font-semibold tracking-tight">
            What a monitor looks like
          </h2>
          <figure className="mt-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <LatencyChart points={example.points} timeZone="UTC" stepMs={example.stepMs} from={example.from} to={example.to} />
            <noscript>
              <p className="text-sm text-slate-700">The chart is drawn in your browser: turn on JavaScript to see it.</p>
            </noscript>
            <figcaption className="mt-2 text-sm text-slate-600">
              <span className="mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide text-amber-900">Example</span>
              Generated data, not a real service: 24 hours of latency percentiles (UTC) with a short outage as failed checks.
            </figcaption>
          </figure>
        </section>
      </main>

      <footer className="border-t border-slate-200 py-6 text-center text-sm text-slate-600">Watchpost · self-hosted uptime monitoring</footer>
    </div>
  );
}
