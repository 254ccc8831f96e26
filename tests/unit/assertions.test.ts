import { describe, expect, it } from 'vitest';
import { type Assertion, assertionProblem, evaluateAssertions, jsonPathProblem, type ResponseFacts, wildcardMatch } from '@/lib/contracts/assertions';
import { httpOptionsSchema } from '@/lib/contracts/monitors';

const facts = (over: Partial<ResponseFacts> = {}): ResponseFacts => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-version': '2.4.1', 'set-cookie': ['a=1', 'b=2'] },
  body: JSON.stringify({ status: 'degraded', checks: [{ name: 'db', ok: true }, { name: 'cache', ok: false }], queue: { depth: 120 }, tags: ['eu', 'prod'] }),
  latencyMs: 320,
  certificateDays: 12,
  ...over,
});
const one = (assertion: Assertion, over?: Partial<ResponseFacts>) => evaluateAssertions([assertion], facts(over))[0]!;

describe('assertions', () => {
  it('say which failed and why, with the value found', () => {
    expect(one({ source: 'json', path: '$.status', operator: 'eq', value: 'ok' })).toEqual({ passed: false, actual: '"degraded"', message: 'json $.status: expected "ok", got "degraded"' });
    expect(one({ source: 'json', path: '$.status', operator: 'eq', value: 'degraded' })).toEqual({ passed: true, actual: '"degraded"' });
    expect(one({ source: 'status', operator: 'lt', value: '300' }).passed).toBe(true);
    expect(one({ source: 'status', operator: 'eq', value: '204' }).message).toBe('status: expected 204, got 200');
    expect(one({ source: 'latency', operator: 'lt', value: '250' }).message).toBe('latency: expected < 250, got 320');
    expect(one({ source: 'certificate_days', operator: 'gte', value: '14' }).message).toBe('certificate days: expected ≥ 14, got 12');
    expect(one({ source: 'certificate_days', operator: 'gte', value: '14' }, { certificateDays: null }).message).toBe('certificate days: expected ≥ 14, got no certificate (not https)');
  });

  it('read headers by name, case-insensitively, joined when repeated', () => {
    expect(one({ source: 'header', path: 'Content-Type', operator: 'contains', value: 'json' }).passed).toBe(true);
    expect(one({ source: 'header', path: 'Set-Cookie', operator: 'eq', value: 'a=1, b=2' }).passed).toBe(true);
    expect(one({ source: 'header', path: 'X-Missing', operator: 'exists' })).toEqual({ passed: false, actual: null, message: 'header X-Missing: expected to exist, got nothing' });
    expect(one({ source: 'header', path: 'X-Missing', operator: 'not_exists' }).passed).toBe(true);
    expect(one({ source: 'header', path: 'X-Version', operator: 'matches', value: '2.*' }).passed).toBe(true);
  });

  it('compare JSON by type: numbers, booleans, arrays; JSONPath filters work', () => {
    expect(one({ source: 'json', path: '$.queue.depth', operator: 'lt', value: '100' }).message).toBe('json $.queue.depth: expected < 100, got 120');
    expect(one({ source: 'json', path: '$.queue.depth', operator: 'eq', value: '120' }).passed).toBe(true);
    expect(one({ source: 'json', path: "$.checks[?@.name == 'cache'].ok", operator: 'eq', value: 'true' }).message).toBe("json $.checks[?@.name == 'cache'].ok: expected true, got false");
    expect(one({ source: 'json', path: '$.tags', operator: 'contains', value: 'prod' }).passed).toBe(true);
    expect(one({ source: 'json', path: '$.tags', operator: 'not_contains', value: 'us' }).passed).toBe(true);
    expect(one({ source: 'json', path: '$.nothing', operator: 'not_exists' }).passed).toBe(true);
    expect(one({ source: 'json', path: '$.status', operator: 'gt', value: '3' }).message).toBe('json $.status: expected > 3, got "degraded" (not a number)');
  });

  it('fail a json assertion on a body that is not JSON, and read text with wildcards, never a regex', () => {
    expect(one({ source: 'json', path: '$.status', operator: 'exists' }, { body: '<html>' }).message).toBe('json $.status: expected to exist, got body is not JSON');
    expect(one({ source: 'body', operator: 'matches', value: '*"status":"degr?ded"*' }).passed).toBe(true);
    expect(one({ source: 'body', operator: 'contains', value: 'maintenance' }).passed).toBe(false);
  });

  it('match wildcards in time linear in practice, even for patterns that make a regex backtrack', () => {
    expect(wildcardMatch('abc', 'a*c')).toBe(true);
    expect(wildcardMatch('abc', 'a?c')).toBe(true);
    expect(wildcardMatch('abc', 'a?')).toBe(false);
    expect(wildcardMatch('', '*')).toBe(true);
    expect(wildcardMatch('a.b', 'a.b')).toBe(true);
    expect(wildcardMatch('axb', 'a.b')).toBe(false);
    // (a*)*b against aaaa…: catastrophic for a backtracking regex; here one pass.
    expect(wildcardMatch('a'.repeat(100_000), `${'*a'.repeat(50)}b`)).toBe(false);
  });
});

describe('assertions at save', () => {
  it('refuse JSONPath syntax errors with the position, and regex functions', () => {
    expect(jsonPathProblem('$.checks[')).toMatch(/^JSONPath syntax error at position 10: /);
    expect(jsonPathProblem('status')).toMatch(/starts with \$/);
    expect(jsonPathProblem('$.a[?match(@.b, "a+")]')).toMatch(/match\(\) and search\(\) take regular expressions/);
    expect(jsonPathProblem("$.a[?search(@.b, 'x')]")).toMatch(/regular expressions/);
    expect(jsonPathProblem("$.checks[?@.ok == false].name")).toBeNull();
  });

  it('refuse operators that do not fit the source and values of the wrong type', () => {
    expect(assertionProblem({ source: 'status', operator: 'contains', value: '2' })).toMatchObject({ field: 'operator' });
    expect(assertionProblem({ source: 'latency', operator: 'matches', value: '1*' })).toMatchObject({ field: 'operator' });
    expect(assertionProblem({ source: 'status', operator: 'eq', value: 'ok' })).toMatchObject({ field: 'value', message: expect.stringMatching(/number/) });
    expect(assertionProblem({ source: 'json', path: '$.n', operator: 'gt', value: 'many' })).toMatchObject({ field: 'value' });
    expect(assertionProblem({ source: 'header', path: 'bad header', operator: 'exists' })).toMatchObject({ field: 'path' });
    expect(assertionProblem({ source: 'json', path: '$.n', operator: 'eq' })).toMatchObject({ field: 'value', message: 'Enter the value to compare with.' });
    expect(assertionProblem({ source: 'json', path: '$.n', operator: 'exists' })).toBeNull();
  });

  it('are part of an http monitor’s options, empty by default (existing monitors unchanged)', () => {
    expect(httpOptionsSchema.parse({}).assertions).toEqual([]);
    expect(httpOptionsSchema.safeParse({ assertions: [{ source: 'json', path: '$[', operator: 'exists' }] }).success).toBe(false);
    expect(httpOptionsSchema.safeParse({ assertions: Array.from({ length: 21 }, () => ({ source: 'status', operator: 'eq', value: '200' })) }).success).toBe(false);
  });
});

describe('JSONPath shortcuts', () => {
  it('walk simple paths exactly as the library does', async () => {
    const { query } = await import('jsonpath-rfc9535');
    const doc = { status: 'ok', 'odd key': 1, checks: [{ ok: true }, { ok: false }], nested: { a: { b: [1, 2, 3] } }, nothing: null, proto: {} };
    const paths = ['$', '$.status', "$['odd key']", '$["odd key"]', '$.checks[0].ok', '$.checks[-1].ok', '$.checks[5]', '$.nested.a.b[2]', '$.nothing', '$.missing.deeper', '$.status[0]', '$.checks.ok', '$.proto.toString', '$.constructor'];
    for (const path of paths) {
      const body = JSON.stringify(doc);
      const ours = evaluateAssertions([{ source: 'json', path, operator: 'exists' }], facts({ body }))[0]!;
      const theirs = query(doc as never, path);
      expect(ours.passed, path).toBe(theirs.length > 0);
      if (theirs.length) expect(ours.actual, path).toBe(JSON.stringify(theirs[0]));
    }
  });
});
