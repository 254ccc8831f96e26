import type { ReactNode } from 'react';

/** The controls inside, or (for a role that may not use them) the reason instead: "Only editors can …". */
export function Allowed({ reason, children }: { reason: string | null; children: ReactNode }) {
  if (!reason) return <>{children}</>;
  return (
    <p className="text-sm text-slate-600" data-testid="role-reason">
      {reason}
    </p>
  );
}
