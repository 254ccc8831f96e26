import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { DaysLeft } from '@/components/ui/days-left';
import { type TeamCertificate, teamCertificates } from '@/db/queries/certificates';
import { requireTeam } from '@/lib/auth/session';
import { daysUntil } from '@/lib/contracts/certificates';
import { formatDateTime } from '@/lib/format';
import { viewerTimeZone } from '@/lib/viewer';
import { type DomainExpiryRow, teamDomainExpiries } from '@/lib/checks/domains/refresh';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Certificates and domains' };


export default async function CertificatesPage() {
  const { ctx } = await requireTeam();
  const [certificates, domains, timeZone] = await Promise.all([teamCertificates(ctx.teamId), teamDomainExpiries(ctx.teamId), viewerTimeZone()]);
  const now = Date.now();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Certificates and domains</h1>
      <Card
        title="Certificates your monitors see"
        description="Every certificate your https and TLS monitors were shown in the last two days, the soonest to expire first. Expiry is the earliest in the chain (an intermediate can expire before the certificate itself)."
      >
        {certificates.length === 0 ? (
          <p className="text-sm text-slate-600">
            No certificates yet: they appear after the first check of an https or <Link href="/monitors/new" className="text-brand-700 hover:underline">TLS monitor</Link>.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <DataTable<TeamCertificate>
              rows={certificates}
              rowKey={(row) => row.fingerprint}
              rowTestId="certificate-row"
              columns={[
                { header: 'Certificate', cell: (row) => <span className="break-all font-medium">{row.subject}</span> },
                { header: 'Expires', cell: (row) => <DaysLeft days={daysUntil(row.chainNotAfter, now)} /> },
                { header: 'On', className: 'whitespace-nowrap tabular-nums', hideBelow: 'sm', cell: (row) => formatDateTime(row.chainNotAfter, timeZone, { seconds: false }) },
                { header: 'Issuer', hideBelow: 'md', cell: (row) => row.issuer },
                { header: 'Monitors', cell: (row) => <MonitorLinks monitors={row.monitors} /> },
              ]}
            />
          </div>
        )}
      </Card>
      <Card
        title="Domains"
        description={`When the registration of each domain behind your http, TLS and DNS monitors expires, from the registry's RDAP, looked up once a day.${getEnv().WATCHPOST_DOMAIN_EXPIRY ? '' : ' Lookups are turned off on this server (WATCHPOST_DOMAIN_EXPIRY=false).'}`}
      >
        {domains.length === 0 ? (
          <p className="text-sm text-slate-600">No domains: none of your http, TLS or DNS monitors names a registered domain.</p>
        ) : (
          <div className="overflow-x-auto">
            <DataTable<DomainExpiryRow>
              rows={domains}
              rowKey={(row) => row.domain}
              rowTestId="domain-row"
              columns={[
                { header: 'Domain', cell: (row) => <span className="font-medium">{row.domain}</span> },
                {
                  header: 'Expires',
                  cell: (row) => (row.expiresAt ? <DaysLeft days={daysUntil(row.expiresAt, now)} /> : <span className="text-slate-600">{row.message ? `unknown (${row.message})` : 'not looked up yet'}</span>),
                },
                { header: 'On', className: 'whitespace-nowrap tabular-nums', hideBelow: 'sm', cell: (row) => (row.expiresAt ? formatDateTime(row.expiresAt, timeZone, { seconds: false }) : '–') },
                { header: 'Monitors', cell: (row) => <MonitorLinks monitors={row.monitors} /> },
              ]}
            />
          </div>
        )}
      </Card>
    </div>
  );
}

function MonitorLinks({ monitors }: { monitors: { id: string; name: string }[] }) {
  return (
    <ul>
      {monitors.map((monitor) => (
        <li key={monitor.id}>
          <Link href={`/monitors/${monitor.id}`} className="text-brand-700 hover:underline">
            {monitor.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
