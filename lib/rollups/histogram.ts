// The mergeable latency histogram behind every percentile Watchpost shows. Pure; the SQL
// function watchpost_latency_bucket (drizzle/0010_rollups.sql) computes the same buckets
// in the database, and a test checks that both agree.
//
// Buckets 0–24 hold one millisecond each, so percentiles below 25 ms are exact. From 25 ms
// on, bucket k covers [25·1.03^(k−25), 25·1.03^(k−24)) and stands for the value 2LU/(L+U),
// which is within (1.03−1)/(1.03+1) < 1.48 % of every value in the bucket. Percentiles are
// given to 0.1 ms (at most 0.2 % more at 25 ms), and shown to 0.1 ms below 100 ms and whole
// ms above (at most 0.5 % more): under 2 % in all.

export const EXACT_BELOW_MS = 25;
const GROWTH = 1.03;
/** The documented bound on a percentile's relative error above EXACT_BELOW_MS. */
export const RELATIVE_ERROR_BOUND = 0.0168;

/** A sparse histogram: bucket index → number of checks. */
export type LatencyHistogram = Map<number, number>;

export function bucketOf(ms: number): number {
  if (ms < EXACT_BELOW_MS) return Math.max(Math.trunc(ms), 0);
  return EXACT_BELOW_MS + Math.floor(Math.log(ms / EXACT_BELOW_MS) / Math.log(GROWTH));
}

/** The value a bucket stands for, in ms. */
export function representativeOf(bucket: number): number {
  if (bucket < EXACT_BELOW_MS) return bucket;
  const low = EXACT_BELOW_MS * GROWTH ** (bucket - EXACT_BELOW_MS);
  const high = low * GROWTH;
  return (2 * low * high) / (low + high);
}

export function histogramOf(latencies: Iterable<number>): LatencyHistogram {
  const histogram: LatencyHistogram = new Map();
  for (const ms of latencies) addToHistogram(histogram, bucketOf(ms), 1);
  return histogram;
}

export function addToHistogram(histogram: LatencyHistogram, bucket: number, count: number): void {
  if (count > 0) histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
}

export function mergeHistograms(into: LatencyHistogram, from: LatencyHistogram): LatencyHistogram {
  for (const [bucket, count] of from) addToHistogram(into, bucket, count);
  return into;
}

/**
 * Nearest-rank percentiles (p in 0–100): the smallest latency that at least p % of the
 * checks did not exceed, as the representative of its bucket. Null for an empty histogram.
 */
export function percentiles<P extends number>(histogram: LatencyHistogram, ps: readonly P[]): Record<P, number | null> {
  const buckets = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  const result = {} as Record<P, number | null>;
  for (const p of ps) {
    if (total === 0) {
      result[p] = null;
      continue;
    }
    const rank = Math.max(1, Math.ceil((p / 100) * total));
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (seen >= rank) {
        result[p] = roundLatency(representativeOf(bucket));
        break;
      }
    }
  }
  return result;
}

function roundLatency(ms: number): number {
  return Math.round(ms * 10) / 10;
}
