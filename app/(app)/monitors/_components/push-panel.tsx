import { CopyButton } from '@/components/ui/copy-button';
import { DataTable } from '@/components/ui/data-table';
import type { RecentPing } from '@/db/queries/push';
import { formatDateTime, formatDuration, formatLatency } from '@/lib/format';
import { RegeneratePingUrlButton } from './regenerate-ping-url';

const CURL = 'curl -fsS -m 10 --retry 5 -o /dev/null';

const KIND_LABELS: Record<string, string> = { success: 'success', start: 'start', fail: 'failure', log: 'log' };

/** A push monitor's ping URL with ready-made lines, its next expected ping, and what its pings said. */
export function PushPanel({
  monitorId,
  pingUrl,
  kumaUrl,
  cron,
  expectedAt,
  deadlineAt,
  enabled,
  pings,
  timeZone,
  canManage,
}: {
  monitorId: string;
  /** null when no configured server key opens the stored key */
  pingUrl: string | null;
  kumaUrl: string | null;
  cron: string | null;
  expectedAt: Date | null;
  deadlineAt: Date | null;
  enabled: boolean;
  pings: readonly RecentPing[];
  timeZone: string;
  canManage: boolean;
}) {
  const lastOutput = pings.find((ping) => ping.body !== null);
  const snippets = pingUrl
    ? [
        { label: 'curl', text: `${CURL} ${pingUrl}` },
        {
          label: 'crontab line (sends the exit status and the output)',
          text: `${cron ?? '0 3 * * *'} m=$(/usr/local/bin/backup.sh 2>&1); ${CURL.replace(' -o /dev/null', '')} -o /dev/null --data-raw "$m" ${pingUrl}/$?`,
        },
        {
          label: 'systemd service (success after the job, failure through OnFailure=)',
          text: `[Unit]\nOnFailure=backup-failed.service\n\n[Service]\nExecStart=/usr/local/bin/backup.sh\nExecStartPost=/usr/bin/${CURL} ${pingUrl}\n\n# backup-failed.service\n[Service]\nType=oneshot\nExecStart=/usr/bin/${CURL} ${pingUrl}/fail`,
        },
      ]
    : [];
  return (
    <div className="space-y-5">
      {pingUrl ? (
        <div className="space-y-2">
          <p className="text-sm font-medium text-slate-700" id="ping-url-label">
            Ping URL
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code aria-labelledby="ping-url-label" data-testid="ping-url" className="min-w-0 flex-1 break-all rounded-md bg-slate-100 px-3 py-2 text-sm">
              {pingUrl}
            </code>
            <CopyButton text={pingUrl} label="Copy ping URL" />
          </div>
          <p className="text-xs text-slate-600">
            GET, HEAD or POST. Add <code>/start</code> when a run starts, <code>/fail</code> or an exit status (<code>/0</code> … <code>/255</code>) when it ends, <code>/log</code> for a line that changes nothing; <code>?rid=</code> a UUID pairs a start with its end when runs overlap. A POST body (first 10 kB) is kept as the run&apos;s output.
          </p>
        </div>
      ) : (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          No configured server key opens this monitor&apos;s ping key. Regenerate the URL to make a new one.
        </p>
      )}

      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-xs text-slate-500">Next ping expected</dt>
          <dd className="font-medium" data-testid="next-expected">
            {!enabled ? 'paused' : expectedAt ? `${formatDateTime(expectedAt, timeZone, { seconds: false })} (${timeZone})` : '–'}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Down if nothing arrives by</dt>
          <dd className="font-medium">{enabled && deadlineAt ? formatDateTime(deadlineAt, timeZone, { seconds: false }) : '–'}</dd>
        </div>
      </dl>

      {snippets.map((snippet) => (
        <div key={snippet.label} className="space-y-1">
          <div className="flex items-center justify-between gap-2">
            <p className="text-xs font-medium text-slate-600">{snippet.label}</p>
            <CopyButton text={snippet.text} label={`Copy ${snippet.label.split(' (')[0]}`} />
          </div>
          <pre className="overflow-x-auto rounded-md bg-slate-900 px-3 py-2 text-xs text-slate-100">{snippet.text}</pre>
        </div>
      ))}

      {kumaUrl ? (
        <div className="space-y-1">
          <div className="flex items-center justify-between gap-2">
            <p className="text-xs font-medium text-slate-600">Uptime Kuma push URL (change only the host in Kuma scripts)</p>
            <CopyButton text={kumaUrl} label="Copy Kuma URL" />
          </div>
          <pre className="overflow-x-auto rounded-md bg-slate-100 px-3 py-2 text-xs">{kumaUrl}</pre>
        </div>
      ) : null}

      {canManage ? <RegeneratePingUrlButton monitorId={monitorId} /> : null}

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Last output</h3>
        {lastOutput ? (
          <>
            <p className="text-xs text-slate-500">
              {KIND_LABELS[lastOutput.kind] ?? lastOutput.kind} ping at {formatDateTime(lastOutput.time, timeZone)}
            </p>
            <pre data-testid="last-output" className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-100 px-3 py-2 text-xs">
              {lastOutput.body}
            </pre>
          </>
        ) : (
          <p className="text-sm text-slate-600">No ping has sent output yet (POST a body to keep it).</p>
        )}
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Recent pings</h3>
        {pings.length === 0 ? (
          <p className="text-sm text-slate-600">No pings yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <DataTable<RecentPing>
              rows={pings}
              rowKey={(ping) => String(ping.id)}
              columns={[
                { header: 'Time', className: 'whitespace-nowrap tabular-nums', cell: (ping) => formatDateTime(ping.time, timeZone) },
                {
                  header: 'Kind',
                  cell: (ping) => (
                    <span className={ping.kind === 'fail' ? 'font-medium text-red-700' : ping.kind === 'success' ? 'text-emerald-700' : ''}>
                      {KIND_LABELS[ping.kind] ?? ping.kind}
                      {ping.exitStatus !== null ? ` (exit ${ping.exitStatus})` : ''}
                      {ping.via === 'kuma' ? ' · Kuma URL' : ''}
                    </span>
                  ),
                },
                {
                  header: 'Duration',
                  className: 'tabular-nums',
                  cell: (ping) =>
                    ping.durationMs !== null ? (ping.durationMs < 60_000 ? formatLatency(ping.durationMs) : formatDuration(ping.durationMs / 1000)) : ping.kind === 'start' && ping.endedAt === null ? 'running' : '–',
                },
                { header: 'From', className: 'font-mono text-xs', hideBelow: 'sm', cell: (ping) => ping.sourceIp ?? '' },
                { header: 'Run', className: 'font-mono text-xs', hideBelow: 'sm', cell: (ping) => (ping.runId ? ping.runId.slice(0, 8) : '') },
              ]}
            />
          </div>
        )}
      </div>
    </div>
  );
}
