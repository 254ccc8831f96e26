import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Watchpost', template: '%s · Watchpost' },
  description: 'Self-hostable uptime monitoring with remote agents.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry that response's CSP nonce
  // (lib/http/security-headers.ts), which a page prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans print:bg-white text-slate-900 antialiased">{children}</body>
    </html>
  );
}
