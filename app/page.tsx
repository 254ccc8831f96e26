import Link from 'next/link';

const features = [
  {
    title: 'Checks from inside your network',
    text: 'Run small outbound-only agents on a laptop, in a VPC or on a Raspberry Pi. They check http, tcp, ping and dns targets and report back — no inbound ports to open.',
  },
  {
    title: 'No false alarms',
    text: 'A monitor goes down only after consecutive failures you choose, and every outage becomes one incident with its time to resolve.',
  },
  {
    title: 'Honest numbers at scale',
    text: 'Every heartbeat is kept in PostgreSQL or TimescaleDB, so uptime and latency charts stay fast at thousands of monitors.',
  },
];

export default function HomePage() {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-5xl items-center justify-between px-6 py-4" aria-label="Main">
          <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-brand-500" />
            Watchpost
          </Link>
          <div className="flex items-center gap-3 text-sm">
            <Link href="/login" className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100">
              Sign in
            </Link>
            <Link href="/signup" className="rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
              Sign up
            </Link>
          </div>
        </nav>
      </header>

      <main className="flex-1">
        <section className="mx-auto max-w-5xl px-6 py-20">
          <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">Watchpost</h1>
          <p className="mt-4 max-w-2xl text-lg text-slate-600">
            Self-hostable uptime monitoring: agents you run anywhere check your websites and services, and Watchpost
            turns their results into status, incidents and uptime you can trust.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link href="/signup" className="rounded-md bg-brand-600 px-5 py-3 font-medium text-white hover:bg-brand-700">
              Create an account
            </Link>
            <Link
              href="/login"
              className="rounded-md border border-slate-300 bg-white px-5 py-3 font-medium text-slate-800 hover:bg-slate-100"
            >
              Sign in
            </Link>
          </div>
        </section>

        <section className="border-t border-slate-200 bg-white">
          <ul className="mx-auto grid max-w-5xl gap-8 px-6 py-14 sm:grid-cols-3">
            {features.map((feature) => (
              <li key={feature.title}>
                <h2 className="font-semibold">{feature.title}</h2>
                <p className="mt-2 text-sm leading-6 text-slate-600">{feature.text}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>

      <footer className="border-t border-slate-200 py-6 text-center text-sm text-slate-500">
        Watchpost · self-hosted uptime monitoring
      </footer>
    </div>
  );
}
