'use client';

import type { ReactNode } from 'react';
import { CopyButton } from './copy-button';

/** A secret shown once (an agent token, a webhook signing secret): why to copy it now, the value, a copy button, and what to do with it. */
export function SecretReveal({ label, secret, testId, copyLabel, children }: { label: string; secret: string; testId: string; copyLabel: string; children: ReactNode }) {
  return (
    <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4" role="region" aria-label={label}>
      {children}
      <div className="flex items-center gap-2">
        <code data-testid={testId} className="block flex-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-sm">
          {secret}
        </code>
        <CopyButton text={secret} label={copyLabel} />
      </div>
    </div>
  );
}
