/** A labelled <select> for a GET filter form; "Any" (empty) first unless `any` is false. */
export function FilterSelect({ label, name, value, options, any = true }: { label: string; name: string; value?: string; options: readonly (readonly [string, string])[]; any?: boolean }) {
  return (
    <div className="space-y-1">
      <label htmlFor={`filter-${name}`} className="block font-medium text-slate-700">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ''} className="max-w-56 rounded-md border border-slate-300 bg-white px-3 py-2">
        {any ? <option value="">Any</option> : null}
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
