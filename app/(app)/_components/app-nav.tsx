'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const sections = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/monitors', label: 'Monitors' },
  { href: '/incidents', label: 'Incidents' },
  { href: '/agents', label: 'Agents' },
  { href: '/status-pages', label: 'Status pages' },
  { href: '/maintenance', label: 'Maintenance' },
  { href: '/certificates', label: 'Certificates' },
  { href: '/slos', label: 'SLOs', also: '/reports' },
  { href: '/settings', label: 'Settings' },
] as const;

export function AppNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="App" className="flex flex-wrap gap-1">
      {sections.map((section) => {
        const under = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
        const current = under(section.href) || ('also' in section && under(section.also));
        return (
          <Link
            key={section.href}
            href={section.href}
            aria-current={current ? 'page' : undefined}
            className={`rounded-md px-1.5 py-1.5 text-sm font-medium ${
              current ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'
            }`}
          >
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
