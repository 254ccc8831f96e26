import { StatusBadge } from './status-badge';

/** "12 days left" (or "expired 3 d ago"), red under 14 days, amber under 30. */
export function DaysLeft({ days, prefix = '' }: { days: number; prefix?: string }) {
  const status = days < 14 ? 'down' : days < 30 ? 'pending' : 'up';
  return <StatusBadge status={status} label={`${prefix}${days < 0 ? `expired ${-days} d ago` : `${days} day${days === 1 ? '' : 's'} left`}`} />;
}
