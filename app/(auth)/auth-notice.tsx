import Link from 'next/link';

/** A page of the sign-in screens that only says something (a refusal, a closed door) and leads back to sign in. */
export function AuthNotice({ title, message, alert = false }: { title: string; message: string; alert?: boolean }) {
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">{title}</h1>
      <p role={alert ? 'alert' : undefined} className={`mb-6 text-sm ${alert ? 'text-slate-700' : 'text-slate-600'}`}>
        {message}
      </p>
      <Link href="/login" className="text-sm text-brand-700 hover:underline">
        Sign in
      </Link>
    </>
  );
}
