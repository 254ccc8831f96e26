'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/** Re-renders the page from the server every `seconds` (no full reload) and says when it last did. */
export function AutoRefresh({ seconds, renderedAt, timeZone }: { seconds: number; renderedAt: string; timeZone: string }) {
  const router = useRouter();
  const [refreshing, setRefreshing] = useState(false);
  useEffect(() => {
    setRefreshing(false);
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      setRefreshing(true);
      router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds, renderedAt]);
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(renderedAt));
  return (
    <p className="text-xs text-slate-500" aria-live="polite" data-testid="last-updated">
      {refreshing ? 'Updating…' : `Updated ${time}`} · refreshes every {seconds} s
    </p>
  );
}
