'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Tells the server the browser's time zone (a cookie) and re-renders once if it had another. */
export function TimeZoneSync({ serverTimeZone, cookieName }: { serverTimeZone: string; cookieName: string }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === serverTimeZone) return;
    document.cookie = `${cookieName}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [serverTimeZone, cookieName, router]);
  return null;
}
