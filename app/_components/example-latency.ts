import type { LatencyPoint } from '@/components/charts/latency-chart';

const STEP_MS = 15 * 60_000;
const STEPS = 96;

/**
 * Made-up latency for the landing page's example chart: the last 24 hours of a web
 * check every 30 s, with a daily rhythm, noise and one short outage. Seeded, so the
 * server render and the browser agree.
 */
export function exampleLatency(now: number): { points: LatencyPoint[]; from: number; to: number; stepMs: number } {
  const to = Math.floor(now / STEP_MS) * STEP_MS;
  const from = to - STEPS * STEP_MS;
  let seed = 7;
  const random = () => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
  const points: LatencyPoint[] = [];
  for (let step = 0; step < STEPS; step++) {
    const time = from + step * STEP_MS;
    const busy = 1 + 0.35 * Math.sin((2 * Math.PI * ((time / 3_600_000) % 24 - 9)) / 24);
    const p50 = Math.round(82 * busy + random() * 9);
    const outage = step >= 61 && step <= 63;
    const failed = outage ? [6, 30, 4][step - 61]! : random() < 0.04 ? 1 : 0;
    points.push({
      time,
      p50: step === 62 ? null : p50,
      p95: step === 62 ? null : Math.round(p50 * (1.6 + random() * 0.3)),
      p99: step === 62 ? null : Math.round(p50 * (2.4 + random() * 0.9)),
      failed,
      checks: 30,
    });
  }
  return { points, from, to, stepMs: STEP_MS };
}
