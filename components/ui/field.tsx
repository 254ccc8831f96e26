import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

const control = (error?: string, readOnly?: boolean) =>
  `block w-full rounded-md border px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 ${readOnly ? 'bg-slate-100 text-slate-700' : 'bg-white'} ${
    error ? 'border-red-500 focus:ring-red-200' : 'border-slate-300 focus:border-brand-500 focus:ring-brand-50'
  }`;

interface Labelled {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  /** When one page has several forms with a field of this name: ids must stay unique for the labels. */
  idPrefix?: string;
}

/** Label, control and the error under it, wired for screen readers. */
function FieldShell({ label, name, error, hint, idPrefix = 'field', children }: Labelled & { children: (props: { id: string; describedBy?: string }) => ReactNode }) {
  const id = `${idPrefix}-${name}`;
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, describedBy })}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Field({ label, name, error, hint, idPrefix, ...input }: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} name={name} error={error} hint={hint} idPrefix={idPrefix}>
      {({ id, describedBy }) => (
        <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={control(error, !!input.readOnly)} {...input} />
      )}
    </FieldShell>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  idPrefix,
  options,
  ...select
}: Labelled & { options: readonly { value: string; label: string }[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldShell label={label} name={name} error={error} hint={hint} idPrefix={idPrefix}>
      {({ id, describedBy }) => (
        <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={control(error)} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export function TextAreaField({ label, name, error, hint, idPrefix, ...textarea }: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} name={name} error={error} hint={hint} idPrefix={idPrefix}>
      {({ id, describedBy }) => (
        <textarea
          id={id}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`${control(error)} font-mono`}
          {...textarea}
        />
      )}
    </FieldShell>
  );
}

export function CheckboxField({ label, name, defaultChecked, onChange }: { label: string; name: string; defaultChecked?: boolean; onChange?: InputHTMLAttributes<HTMLInputElement>['onChange'] }) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} onChange={onChange} className="h-4 w-4 rounded border-slate-300" />
      {label}
    </label>
  );
}

/** The "I understand" box a destructive form needs ticked; the server refuses the form without it. */
export function ConfirmCheckbox({ children, error }: { children: ReactNode; error?: string }) {
  return (
    <div className="space-y-1">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirm" className="mt-0.5" aria-invalid={error ? true : undefined} />
        <span>{children}</span>
      </label>
      {error ? <p className="text-sm text-red-600">{error}</p> : null}
    </div>
  );
}
