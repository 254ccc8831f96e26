/**
 * A checkbox per monitor, named `monitor:<id>` (read back with monitorIdsOf in
 * lib/notifications/kinds.ts), or per other item under another `name` prefix.
 */
export function MonitorChecklist({
  monitors,
  chosen,
  label,
  name = 'monitor',
  empty = 'You have no monitors yet.',
}: {
  monitors: { id: string; name: string }[];
  chosen: readonly string[];
  label: string;
  name?: string;
  empty?: string;
}) {
  if (monitors.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <div className="grid gap-1 sm:grid-cols-2" role="group" aria-label={label}>
      {monitors.map((monitor) => (
        <label key={monitor.id} className="flex items-center gap-2 text-sm">
          <input type="checkbox" name={`${name}:${monitor.id}`} defaultChecked={chosen.includes(monitor.id)} className="h-4 w-4" />
          {monitor.name}
        </label>
      ))}
    </div>
  );
}
