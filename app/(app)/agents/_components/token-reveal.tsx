'use client';

import { CopyButton } from '@/components/ui/copy-button';
import { SecretReveal } from '@/components/ui/secret-reveal';

/** The agent token, shown once, with the commands that start an agent with it. */
export function TokenReveal({ token, serverUrl }: { token: string; serverUrl: string }) {
  // The one-file agent this server serves: any machine with Node.js 20 that reaches the server.
  const run = `curl -fsSLO ${serverUrl}/agent/watchpost-agent.mjs && node watchpost-agent.mjs --server ${serverUrl} --token ${token}`;
  const service = `sudo node watchpost-agent.mjs install --server ${serverUrl} --token ${token}`;
  return (
    <div className="space-y-3">
      <SecretReveal label="Agent token" secret={token} testId="agent-token" copyLabel="Copy token">
        <p className="text-sm font-medium text-amber-900">
          Copy this token now. It is shown only once; if you lose it, rotate the key for a new one.
        </p>
      </SecretReveal>
      <p className="text-sm text-slate-700">Start an agent with it on any machine with Node.js 20 or later that reaches this server:</p>
      <Command text={run} label="Copy command" />
      <p className="text-sm text-slate-700">
        Or keep it running as a systemd service, started at boot (after the download above; the token goes into a file only root can
        read):
      </p>
      <Command text={service} label="Copy install command" />
    </div>
  );
}

function Command({ text, label }: { text: string; label: string }) {
  return (
    <div className="flex items-center gap-2">
      <code className="block flex-1 overflow-x-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">{text}</code>
      <CopyButton text={text} label={label} />
    </div>
  );
}
