import { compareVersions } from '@/lib/agents/bundle';

/** An agent's version, and whether `served` (this server's agent file, if built) is newer. */
export function AgentVersion({ kind, version, served }: { kind: string; version: string | null; served: string | undefined }) {
  if (kind === 'builtin') return <span className="text-slate-500">this server&apos;s</span>;
  if (!version) return <span className="text-slate-500">not known yet</span>;
  const outdated = served !== undefined && compareVersions(version, served) < 0;
  return (
    <span className="whitespace-nowrap">
      {version}
      {outdated ? (
        <a
          href="/agent/watchpost-agent.mjs"
          className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 hover:underline"
          title={`This server serves agent ${served}. Download it over the old file and restart the agent.`}
        >
          {served} available
        </a>
      ) : null}
    </span>
  );
}
