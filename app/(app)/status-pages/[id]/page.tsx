import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { FormSuccess } from '@/components/ui/form-message';
import { monitorChoices, statusPageForOwner } from '@/db/queries/status-pages';
import { requireUser } from '@/lib/auth/session';
import { param, type SearchParams } from '@/lib/search-params';
import { ComponentForm, ComponentRowActions } from '../_components/component-forms';
import { DeleteStatusPageForm, PagePasswordForm, StatusPageForm } from '../_components/status-page-forms';

export const metadata: Metadata = { title: 'Status page' };

export default async function StatusPageSettings({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const [page, monitors, query] = await Promise.all([statusPageForOwner(user.id, id), monitorChoices(user.id), searchParams]);
  if (!page) notFound();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/status-pages" className="text-sm text-brand-700 hover:underline">
          ← Status pages
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">{page.title}</h1>
        <p className="text-sm text-slate-600">
          Public at{' '}
          <a href={`/s/${page.slug}`} className="font-medium text-brand-700 hover:underline">
            /s/{page.slug}
          </a>
          {page.protected ? ' (password protected)' : ''}
        </p>
      </div>
      <FormSuccess message={param(query.notice) === 'created' ? 'Status page created. Add its components below.' : undefined} />

      <Card title="Components" description="Each line your customers see: a public name, backed by one or more of your monitors (the worst status wins).">
        {page.components.length === 0 ? (
          <p className="text-sm text-slate-600">No components yet: the public page says nothing is listed.</p>
        ) : (
          <ol className="divide-y divide-slate-100">
            {page.components.map((component, index) => (
              <li key={component.id} className="py-3">
                <details>
                  <summary className="flex cursor-pointer flex-wrap items-center justify-between gap-2">
                    <span>
                      <span className="font-medium">{component.name}</span>
                      {component.groupName ? <span className="ml-2 text-xs text-slate-500">in {component.groupName}</span> : null}
                      <span className="block text-xs text-slate-500">Backed by {component.monitors.map((monitor) => monitor.name).join(', ') || 'no monitors'}</span>
                    </span>
                    <ComponentRowActions componentId={component.id} name={component.name} first={index === 0} last={index === page.components.length - 1} />
                  </summary>
                  <div className="mt-3">
                    <ComponentForm
                      pageId={page.id}
                      monitors={monitors}
                      initial={{ componentId: component.id, name: component.name, description: component.description, groupName: component.groupName, monitorIds: component.monitors.map((m) => m.id) }}
                    />
                  </div>
                </details>
              </li>
            ))}
          </ol>
        )}
      </Card>

      <Card title="Add a component">
        <ComponentForm pageId={page.id} monitors={monitors} initial={{ name: '', description: '', groupName: '', monitorIds: [] }} />
      </Card>

      <Card title="Page settings">
        <StatusPageForm
          initial={{ pageId: page.id, title: page.title, slug: page.slug, description: page.description, logoUrl: page.logoUrl ?? '', timeZone: page.timeZone }}
        />
      </Card>

      <Card title="Password" description={page.protected ? 'Visitors must enter the password to see the page.' : 'The page is public: anyone with its address can read it.'}>
        <PagePasswordForm pageId={page.id} protectedNow={page.protected} />
      </Card>

      <Card title="Delete this page">
        <DeleteStatusPageForm pageId={page.id} />
      </Card>
    </div>
  );
}
