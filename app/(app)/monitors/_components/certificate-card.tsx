import { DaysLeft } from '@/components/ui/days-left';
import type { MonitorCertificate } from '@/db/queries/certificates';
import { formatDateTime } from '@/lib/format';

/** The certificate a monitor sees now, and its renewals. */
export function CertificateDetails({ certificate, days, timeZone }: { certificate: MonitorCertificate; days: number; timeZone: string }) {
  const at = (date: Date) => formatDateTime(date, timeZone, { seconds: false });
  const rows: [string, React.ReactNode][] = [
    ['Subject', certificate.subject],
    ['Names', certificate.sans.join(', ') || '–'],
    ['Issuer', certificate.issuer],
    ['Serial', <code key="serial" className="text-xs">{certificate.serial}</code>],
    ['SHA-256', <code key="fp" className="break-all text-xs">{certificate.fingerprint}</code>],
    ['Valid from', at(certificate.notBefore)],
    ['Valid until', at(certificate.notAfter)],
    ...(certificate.chainNotAfter.getTime() < certificate.notAfter.getTime() ? [['Chain expires', at(certificate.chainNotAfter)] as [string, React.ReactNode]] : []),
    ['Seen since', at(certificate.since)],
  ];
  return (
    <div className="space-y-4">
      <DaysLeft days={days} />
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
      {certificate.changes.length ? (
        <div className="space-y-1">
          <h3 className="text-sm font-semibold">Changes</h3>
          <ul className="space-y-1 text-sm">
            {certificate.changes.map((change) => (
              <li key={`${change.time.getTime()}-${change.fingerprint}`}>
                {at(change.time)}:{' '}
                {change.previousFingerprint
                  ? `renewed (was valid until ${change.previousNotAfter ? at(change.previousNotAfter) : '?'}, now until ${change.notAfter ? at(change.notAfter) : '?'})`
                  : 'first seen'}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
