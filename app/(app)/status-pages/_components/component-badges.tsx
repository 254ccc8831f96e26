import { CopyButton } from '@/components/ui/copy-button';

/** The Markdown to put a component's badges in a README, and the shields.io endpoint. */
export function ComponentBadges({ base, slug, componentId, name }: { base: string; slug: string; componentId: string; name: string }) {
  const url = (file: string) => `${base}/s/${slug}/badge/${componentId}/${file}`;
  const lines = [
    { label: 'Status badge (Markdown)', text: `[![${name} status](${url('status.svg')})](${base}/s/${slug})` },
    { label: '30-day uptime badge (Markdown)', text: `[![${name} uptime](${url('uptime-30d.svg')})](${base}/s/${slug})` },
    { label: 'shields.io endpoint', text: `https://img.shields.io/endpoint?url=${encodeURIComponent(url('status.json'))}` },
  ];
  return (
    <div className="space-y-2">
      <h4 className="text-sm font-semibold">Badges</h4>
      <p className="text-xs text-slate-500">Also uptime-24h, uptime-7d and uptime-90d, as .svg or .json; add ?style=flat-square (or plastic, for-the-badge, social).</p>
      {lines.map((line) => (
        <div key={line.label} className="space-y-1">
          <p className="text-xs text-slate-600">{line.label}</p>
          <div className="flex items-start gap-2">
            <code className="block min-w-0 flex-1 break-all rounded bg-slate-100 px-2 py-1 text-xs">{line.text}</code>
            <CopyButton text={line.text} />
          </div>
        </div>
      ))}
    </div>
  );
}
