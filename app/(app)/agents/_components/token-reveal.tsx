'use client';

import { CopyButton } from '@/components/ui/copy-button';
import { SecretReveal } from '@/components/ui/secret-reveal';

/** The agent token, shown once, with the commands that start an agent with it. */
export function TokenReveal({ token, serverUrl }: { token: string; serverUrl: string }) {
  // Run from a checkout of Watchpost (after npm install), on any machine that reaches this server.
  const command = `npm run agent -- --server ${serverUrl} --token ${token}`;
  const envCommand = `WATCHPOST_SERVER=${serverUrl} WATCHPOST_TOKEN=${token} npm run agent`;
  return (
    <div className="space-y-3">
      <SecretReveal label="Agent token" secret={token} testId="agent-token" copyLabel="Copy token">
        <p className="text-sm font-medium text-amber-900">
          Copy this token now. It is shown only once; if you lose it, rotate the key for a new one.
        </p>
      </SecretReveal>
      <p className="text-sm text-slate-700">Start an agent with it, in a checkout of Watchpost (after <code>npm install</code>):</p>
      <div className="flex items-center gap-2">
        <code className="block flex-1 overflow-x-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">{command}</code>
        <CopyButton text={command} label="Copy command" />
      </div>
      <p className="text-sm text-slate-700">or with environment variables:</p>
      <div className="flex items-center gap-2">
        <code className="block flex-1 overflow-x-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">{envCommand}</code>
        <CopyButton text={envCommand} label="Copy" />
      </div>
    </div>
  );
}
