import { Tabs } from '@/components/ui/tabs';

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
  return <Tabs label="Settings" tabs={tabs} current={current} />;
}
