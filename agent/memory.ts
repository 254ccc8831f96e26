import v8 from 'node:v8';
import vm from 'node:vm';

// Why an agent with 10,000 monitors stays under 100 MB (bench:agent): it holds about
// 30 MB of live objects, but left to its defaults V8 lets the heap grow to several times
// that (measured: 149 MB RSS). A file run as `node watchpost-agent.mjs` cannot pass node
// flags, and a hard cap (--max-old-space-size) would kill the agent when a user adds
// monitors. So, from inside:
// - the young generation does not grow past its first size: a check's garbage dies young
//   either way, and a 32 MB nursery was 28 MB of the RSS (it also made checks ~15 % more
//   CPU-expensive: fewer cache misses with a small one);
// - a full collection whenever the heap has grown to 1.5 × what the last one left (at
//   least 24 MB), checked every second (a cheap look; checked every 3 s, checks that read
//   and parse bodies for assertions overshot to a 152 MB peak): ~30 ms every few seconds
//   at 2,000 checks/s.

const MIN_HEAP = 24 * 1024 * 1024;

/** Keep the heap near its live size; returns a stop function. */
export function keepHeapCompact(everyMs = 1000): () => void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc') as () => void;
  let floor = v8.getHeapStatistics().used_heap_size;
  const timer = setInterval(() => {
    if (v8.getHeapStatistics().used_heap_size < Math.max(MIN_HEAP, floor * 1.5)) return;
    collect();
    floor = v8.getHeapStatistics().used_heap_size;
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
