import Link from 'next/link';

const tabs = [
  { href: '/slos', label: 'SLOs' },
  { href: '/reports', label: 'Reports' },
  { href: '/reports/schedules', label: 'Scheduled reports' },
] as const;

/** SLOs and reports: one section of the app. */
export function ReliabilityTabs({ current }: { current: (typeof tabs)[number]['href'] }) {
  return (
    <nav aria-label="SLOs and reports" className="flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? 'page' : undefined}
          className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
            tab.href === current ? 'border-brand-700 text-slate-900' : 'border-transparent text-slate-600 hover:text-slate-900'
          }`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
