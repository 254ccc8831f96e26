import Link from 'next/link';

const tabs = [
  { href: '/settings', label: 'Account' },
  { href: '/settings/security', label: 'Security' },
  { href: '/settings/sessions', label: 'Sessions' },
  { href: '/settings/team', label: 'Team' },
  { href: '/settings/notifications', label: 'Notifications' },
  { href: '/settings/escalation', label: 'Escalation' },
  { href: '/settings/usage', label: 'Plan and usage' },
  { href: '/settings/api-tokens', label: 'API tokens' },
  { href: '/settings/audit', label: 'Audit log' },
] as const;

export function SettingsTabs({ current }: { current: (typeof tabs)[number]['href'] }) {
  return (
    <nav aria-label="Settings" className="flex gap-1 overflow-x-auto border-b border-slate-200">
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
