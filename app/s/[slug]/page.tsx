import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { PublicStatusPageView } from '@/components/status-pages/public-status-page';
import { statusPageBySlug } from '@/db/queries/status-pages';
import { param, type SearchParams } from '@/lib/search-params';
import { isUnlocked, unlockCookieName } from '@/lib/status-pages/access';
import { loadPublicStatusPage } from '@/lib/status-pages/public-view';
import { UnlockForm } from './_components/unlock-form';

type Params = { params: Promise<{ slug: string }>; searchParams?: Promise<SearchParams> };

async function pageFor(params: Params['params']) {
  const { slug } = await params;
  if (!/^[a-z0-9-]{1,60}$/i.test(slug)) return null;
  return statusPageBySlug(slug);
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const page = await pageFor(params);
  if (!page) return { title: { absolute: 'Status page not found' } };
  return {
    title: { absolute: `${page.title} status` },
    robots: page.passwordHash ? { index: false } : undefined,
    alternates: page.passwordHash ? undefined : { types: { 'application/rss+xml': `/s/${page.slug}/feed.rss`, 'application/atom+xml': `/s/${page.slug}/feed.atom` } },
  };
}

// GET /s/[slug] — a status page as the public sees it (or its password form)
export default async function PublicStatusPage({ params, searchParams }: Params) {
  const page = await pageFor(params);
  if (!page) notFound();
  if (!isUnlocked(page, (await cookies()).get(unlockCookieName(page.id))?.value)) {
    return (
      <main className="mx-auto max-w-sm space-y-4 px-4 py-16">
        <h1 className="text-2xl font-semibold">{page.title}</h1>
        <p className="text-slate-600">This status page is protected. Enter its password to see it.</p>
        <UnlockForm slug={page.slug} />
      </main>
    );
  }
  const month = param((await searchParams)?.month);
  return <PublicStatusPageView page={await loadPublicStatusPage(page, { month })} />;
}
