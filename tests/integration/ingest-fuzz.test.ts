import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// Thousands of random and mutated bodies: never a 5xx, and never a partial write (the
// rows stored are exactly the ones the answer says were accepted).

const sql = testSql();
afterAll(() => sql.end());
beforeAll(() => {
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '1000000';
  resetEnvCache();
});

// A small seeded generator, so a failure can be replayed.
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
  return { next, int, pick };
}

const weird = [null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, '', ' ', 'up', 'DOWN', 'NaN', '∞', '2026-13-45T99:99:99Z', '0000-00-00', '1970-01-01T00:00:00Z', '2026-01-01T00:00:00', '2026-01-01', [], {}, [1, 2], { $gt: '' }, 'x'.repeat(2000), "'; DROP TABLE heartbeats; --", '\u0000', '\ud800'];

describe('ingest fuzzing', () => {
  it('answers 202, 400 or 413 to anything, and stores exactly what it accepts', async () => {
    const { token, agentId, monitorIds } = await agentWithMonitors(2);
    const random = generator(20261125);
    const base = Date.now() - 3600_000;
    const count = async () => ((await sql`SELECT count(*)::int AS n FROM heartbeats WHERE agent_id = ${agentId}`)[0]!.n as number);
    const valid = (i: number) => ({ monitorId: random.pick(monitorIds), time: at(base, i), status: random.pick(['up', 'down', 'timeout', 'error']), latencyMs: random.int(5000) });

    const bodies: (() => string)[] = [
      // A valid batch with one field of one item replaced by something odd.
      () => {
        const batch = Array.from({ length: 1 + random.int(5) }, (_, i) => valid(random.int(1e6) + i));
        const item = batch[random.int(batch.length)] as Record<string, unknown>;
        item[random.pick(['monitorId', 'time', 'status', 'latencyMs', 'errorMessage', 'extra'])] = random.pick(weird);
        return JSON.stringify({ heartbeats: batch });
      },
      // Random JSON values at the top.
      () => JSON.stringify(random.pick([...weird, { heartbeats: random.pick(weird) }, { heartbeats: [random.pick(weird)] }])),
      // Not JSON at all, or JSON with NaN, comments, trailing commas.
      () => random.pick(['', '{', 'null', '{"heartbeats": [NaN]}', '{"heartbeats": [],}', '/* */ {}', '\u0000', '[]']),
      // Deep nesting.
      () => `{"heartbeats": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
      // Duplicate keys: the last one wins in JSON.parse, and must still validate.
      () => `{"heartbeats": [{"monitorId": "${monitorIds[0]}", "time": "${at(base, random.int(1e6))}", "status": "up", "status": "sideways"}]}`,
      // Negative, fractional and enormous latencies; times with odd offsets.
      () => JSON.stringify({ heartbeats: [{ ...valid(random.int(1e6)), latencyMs: random.pick([-1, 1.5, 1e12, -0]) }] }),
      () => JSON.stringify({ heartbeats: [{ ...valid(random.int(1e6)), time: random.pick(['2026-01-01T00:00:00+25:00', '2026-01-01T00:00:00.1234567Z', '+012026-01-01T00:00:00Z', at(base, 1) + ' ']) }] }),
      // Odd text where free text is allowed.
      () => JSON.stringify({ heartbeats: [{ ...valid(random.int(1e6)), errorMessage: random.pick(['\u0000', '\ud800', 'a\udfffb', '🚨'.repeat(600), "'; DROP TABLE heartbeats; --"]) }] }),
      // A 2 MB string.
      () => JSON.stringify({ heartbeats: [{ ...valid(random.int(1e6)), errorMessage: 'e'.repeat(2 * 1024 * 1024) }] }),
      // Plausible and valid, so acceptance is exercised too.
      () => JSON.stringify({ heartbeats: Array.from({ length: 1 + random.int(20) }, () => valid(random.int(1e6))) }),
    ];

    const seen = new Map<number, number>();
    for (let round = 0; round < 2000; round++) {
      const before = await count();
      const response = await postHeartbeats(token, random.pick(bodies)());
      seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
      expect([202, 400, 413], `round ${round}`).toContain(response.status);
      const body = await response.json();
      const stored = (await count()) - before;
      if (response.status === 202) expect(stored, `round ${round}`).toBe(body.accepted);
      else {
        expect(stored, `round ${round}`).toBe(0);
        expect(body.error.code).toMatch(/^(INVALID_INPUT|PAYLOAD_TOO_LARGE)$/);
      }
    }
    // Every kind of answer was produced.
    expect([...seen.keys()].sort()).toEqual([202, 400, 413]);
  }, 180_000);
});
