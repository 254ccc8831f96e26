// A few seconds of memory per instance for what public status routes build: many visitors
// reloading one page during an outage cost one build per `ttlMs`. Keys carry whatever must
// make an entry stale at once (a page's updated_at); a failed build is not kept.

export function ttlCache<T>(ttlMs: number, maxEntries = 500) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string, build: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    if (entries.size >= maxEntries) entries.clear();
    const value = build();
    entries.set(key, { at: Date.now(), value });
    value.catch(() => entries.delete(key));
    return value;
  };
}
