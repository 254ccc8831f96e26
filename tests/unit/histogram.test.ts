import { describe, expect, it } from 'vitest';
import { bucketOf, EXACT_BELOW_MS, histogramOf, mergeHistograms, percentiles, RELATIVE_ERROR_BOUND, representativeOf } from '@/lib/rollups/histogram';

/** Nearest rank, computed from every value. */
function bruteForce(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('latency histogram', () => {
  it('is exact to the millisecond below 25 ms', () => {
    for (let ms = 0; ms < EXACT_BELOW_MS; ms++) expect(representativeOf(bucketOf(ms))).toBe(ms);
    expect(percentiles(histogramOf([1, 2, 2, 3, 24]), [50, 80, 100])).toEqual({ 50: 2, 80: 3, 100: 24 });
  });

  it('puts every latency within the bound of its bucket, and buckets in order', () => {
    let previous = -1;
    for (let ms = 0; ms <= 200_000; ms++) {
      const bucket = bucketOf(ms);
      expect(bucket).toBeGreaterThanOrEqual(previous);
      previous = bucket;
      if (ms >= EXACT_BELOW_MS && Math.abs(representativeOf(bucket) - ms) / ms > RELATIVE_ERROR_BOUND - 0.002) {
        throw new Error(`${ms} ms is ${representativeOf(bucket)} in bucket ${bucket}`);
      }
    }
  });

  it('gives p50, p95 and p99 within the stated bound of a brute-force computation, on many distributions', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const count = 1 + Math.floor(next() * 3000);
      const base = 1 + next() * 400;
      const tail = next() * 20;
      const values = Array.from({ length: count }, () => Math.round(base * (1 + next() ** 6 * tail)));
      const measured = percentiles(histogramOf(values), [50, 95, 99]);
      for (const p of [50, 95, 99] as const) {
        const truth = bruteForce(values, p);
        const error = Math.abs(measured[p]! - truth) / truth;
        if (truth < EXACT_BELOW_MS ? measured[p] !== truth : error > RELATIVE_ERROR_BOUND) {
          throw new Error(`seed ${seed}: p${p} ${measured[p]} vs ${truth}`);
        }
      }
    }
  });

  it('merges: the percentiles of merged histograms are those of all the values together', () => {
    const a = [10, 20, 30, 400, 5000];
    const b = [15, 25, 35, 45, 55, 65];
    expect(percentiles(mergeHistograms(histogramOf(a), histogramOf(b)), [50, 95, 99])).toEqual(percentiles(histogramOf([...a, ...b]), [50, 95, 99]));
  });

  it('has no percentiles without values', () => {
    expect(percentiles(new Map(), [50, 99])).toEqual({ 50: null, 99: null });
  });
});
