import { Tabs } from '@/components/ui/tabs';

const tabs = [
  { href: '/slos', label: 'SLOs' },
  { href: '/reports', label: 'Reports' },
  { href: '/reports/schedules', label: 'Scheduled reports' },
] as const;

/** SLOs and reports: one section of the app. */
export function ReliabilityTabs({ current }: { current: (typeof tabs)[number]['href'] }) {
  return <Tabs label="SLOs and reports" tabs={tabs} current={current} />;
}
