'use client';

import { useFormStatus } from 'react-dom';

const styles = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800 focus-visible:outline-brand-600',
  danger: 'bg-red-600 text-white hover:bg-red-700 focus-visible:outline-red-600',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 focus-visible:outline-slate-500',
};

export function SubmitButton({
  children,
  pendingText,
  variant = 'primary',
  disabledReasonId,
}: {
  children: React.ReactNode;
  pendingText: string;
  variant?: keyof typeof styles;
  /** Disables the button for good; the id of the element that says why. */
  disabledReasonId?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending || !!disabledReasonId}
      aria-describedby={disabledReasonId}
      className={`inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60 ${pending ? 'cursor-wait' : 'disabled:cursor-not-allowed'} ${styles[variant]}`}
    >
      {pending ? pendingText : children}
    </button>
  );
}
