import Link from 'next/link';

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 flex items-center gap-2 text-xl font-semibold tracking-tight">
        <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-brand-500" />
        Watchpost
      </Link>
      <main className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">{children}</main>
    </div>
  );
}
