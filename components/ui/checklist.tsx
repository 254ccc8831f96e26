/**
 * A checkbox per item, named `<name>:<id>` (monitors by default; read back with
 * lib/checked-ids.ts).
 */
export function Checklist({
  items,
  chosen,
  label,
  name = 'monitor',
  empty = 'You have no monitors yet.',
}: {
  items: { id: string; name: string }[];
  chosen: readonly string[];
  label: string;
  name?: string;
  empty?: string;
}) {
  if (items.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <div className="grid gap-1 sm:grid-cols-2" role="group" aria-label={label}>
      {items.map((item) => (
        <label key={item.id} className="flex items-center gap-2 text-sm">
          <input type="checkbox" name={`${name}:${item.id}`} defaultChecked={chosen.includes(item.id)} className="h-4 w-4" />
          {item.name}
        </label>
      ))}
    </div>
  );
}
