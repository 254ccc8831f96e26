import { query } from 'jsonpath-rfc9535';
import parseJsonPath from 'jsonpath-rfc9535/parser';
import { z } from 'zod';
import { ASSERTION_OPERATORS, ASSERTION_SOURCES, type AssertionOperator, type AssertionSource, OPERATORS_BY_SOURCE } from './assertion-kinds';

export { ASSERTION_OPERATORS, ASSERTION_SOURCES, OPERATORS_BY_SOURCE } from './assertion-kinds';

// Assertions on an http check's response: an ordered list of {source, path?, operator,
// value}, checked by the agent (and the built-in agent: the same code) after the
// response. Shared with the server, which validates them at save. Nothing here runs a
// user's regular expression: `matches` is a wildcard pattern (* and ?), matched in linear
// time, and JSONPath's match()/search() (I-Regexp) are refused at save.

export const MAX_ASSERTIONS = 20;
const NUMERIC_SOURCES = new Set<AssertionSource>(['status', 'latency', 'certificate_days']);
const NUMERIC_OPERATORS = new Set<AssertionOperator>(['lt', 'lte', 'gt', 'gte']);
const VALUELESS = new Set<AssertionOperator>(['exists', 'not_exists']);

export interface Assertion {
  source: AssertionSource;
  path?: string;
  operator: AssertionOperator;
  value?: string;
}

/** Why a JSONPath cannot be used, with the position of a syntax error, or null. */
export function jsonPathProblem(path: string): string | null {
  if (!path.startsWith('$')) return 'A JSONPath starts with $, like $.status or $.checks[0].state.';
  let ast: unknown;
  try {
    ast = parseJsonPath(path);
  } catch (error) {
    const offset = (error as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    return `JSONPath syntax error${offset === undefined ? '' : ` at position ${offset + 1}`}: ${(error as Error).message}`;
  }
  if (/"type":"FunctionExpr","name":"(match|search)"/.test(JSON.stringify(ast))) {
    return 'match() and search() take regular expressions, which assertions never run; use the "matches" operator with * and ? instead.';
  }
  return null;
}

/** Why an assertion cannot be saved (under which of its fields), or null. */
export function assertionProblem(assertion: Assertion): { field: 'path' | 'operator' | 'value'; message: string } | null {
  const { source, operator } = assertion;
  const path = assertion.path?.trim() ?? '';
  const value = assertion.value ?? '';
  if (!OPERATORS_BY_SOURCE[source].includes(operator)) {
    return { field: 'operator', message: `"${operator}" does not apply to ${SOURCE_LABELS[source]}; use one of ${OPERATORS_BY_SOURCE[source].join(', ')}.` };
  }
  if (source === 'header' && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/.test(path)) return { field: 'path', message: 'Name the header, like Content-Type.' };
  if (source === 'json') {
    const problem = jsonPathProblem(path);
    if (problem) return { field: 'path', message: problem };
  }
  if (VALUELESS.has(operator)) return null;
  if (value === '') return { field: 'value', message: 'Enter the value to compare with.' };
  if ((NUMERIC_SOURCES.has(source) || NUMERIC_OPERATORS.has(operator)) && !Number.isFinite(Number(value))) {
    return { field: 'value', message: `${SOURCE_LABELS[source]} compares with a number, like ${source === 'status' ? '200' : '500'}.` };
  }
  return null;
}

export const SOURCE_LABELS: Record<AssertionSource, string> = {
  status: 'the status code',
  header: 'a header',
  body: 'the body text',
  json: 'a JSON value',
  latency: 'the latency (ms)',
  certificate_days: 'the certificate’s days left',
};

export const assertionSchema = z
  .object({
    source: z.enum(ASSERTION_SOURCES),
    path: z.string().trim().max(200).optional(),
    operator: z.enum(ASSERTION_OPERATORS),
    value: z.string().max(500).optional(),
  })
  .superRefine((assertion, ctx) => {
    const problem = assertionProblem(assertion);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

/** What the response offered the assertions. */
export interface ResponseFacts {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body's first MiB as text; null when it was not read (no assertion needs it). */
  body: string | null;
  latencyMs: number;
  /** Days until the certificate's (earliest in the chain) expiry; null without TLS. */
  certificateDays: number | null;
}

export interface AssertionResult {
  passed: boolean;
  /** The value found, as shown to people (JSON for JSON values); null when there was none. */
  actual: string | null;
  /** Why it failed, naming the assertion: `json $.status: expected "ok", got "degraded"`. */
  message?: string;
}

export const assertionResultSchema = z.object({ passed: z.boolean(), actual: z.string().max(200).nullable(), message: z.string().max(1000).optional() });

/** Does `text` match `pattern`, where * is any run of characters and ? any one? Linear-ish, never a RegExp. */
export function wildcardMatch(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

const show = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
};

/** The JSON parse of a body, once per check (several json assertions share it). */
type Parsed = { ok: true; value: unknown } | { ok: false };

function parsedBody(facts: ResponseFacts, cache: { parsed?: Parsed }): Parsed {
  if (!cache.parsed) {
    try {
      cache.parsed = { ok: true, value: JSON.parse(facts.body ?? '') };
    } catch {
      cache.parsed = { ok: false };
    }
  }
  return cache.parsed;
}

/** The value an assertion looks at: undefined when absent. */
function valueOf(assertion: Assertion, facts: ResponseFacts, cache: { parsed?: Parsed }): { value: unknown; absent?: string } {
  switch (assertion.source) {
    case 'status':
      return { value: facts.status };
    case 'latency':
      return { value: facts.latencyMs };
    case 'certificate_days':
      return facts.certificateDays === null ? { value: undefined, absent: 'no certificate (not https)' } : { value: facts.certificateDays };
    case 'header': {
      const header = facts.headers[(assertion.path ?? '').toLowerCase()];
      return { value: Array.isArray(header) ? header.join(', ') : header };
    }
    case 'body':
      return { value: facts.body ?? '' };
    case 'json': {
      const parsed = parsedBody(facts, cache);
      if (!parsed.ok) return { value: undefined, absent: 'body is not JSON' };
      return { value: firstMatch(parsed.value, assertion.path ?? '$') };
    }
  }
}

/**
 * The path as member names and indexes when it is only `.name`, `['name']` and `[index]`
 * steps (what health checks use: `$.status`, `$.checks[0].ok`), else null. Such paths are
 * walked directly, meaning exactly what RFC 9535 says they mean, without parsing the
 * expression on every check; anything else goes to the library.
 */
const SIMPLE_STEP = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[(-?\d{1,9})\]|\['([^'\\]*)'\]|\["([^"\\]*)"\])/;
const simplePaths = new Map<string, (string | number)[] | null>();
function simplePath(path: string): (string | number)[] | null {
  let steps = simplePaths.get(path);
  if (steps !== undefined) return steps;
  steps = [];
  let rest = path.slice(1);
  while (rest && steps) {
    const match = SIMPLE_STEP.exec(rest);
    if (!match) steps = null;
    else {
      steps.push(match[2] !== undefined ? Number(match[2]) : (match[1] ?? match[3] ?? match[4])!);
      rest = rest.slice(match[0].length);
    }
  }
  if (simplePaths.size > 10_000) simplePaths.clear();
  simplePaths.set(path, steps);
  return steps;
}

/** The first value a JSONPath finds, or undefined. */
function firstMatch(value: unknown, path: string): unknown {
  const steps = path.startsWith('$') ? simplePath(path) : null;
  if (!steps) {
    const found = query(value as never, path);
    return found.length ? found[0] : undefined;
  }
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step < 0 ? current.length + step : step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
    if (current === undefined) return undefined;
  }
  return current;
}

const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The assertion's value in the type of what it is compared with. */
function expectedValue(assertion: Assertion, actual: unknown): unknown {
  const raw = assertion.value ?? '';
  if (NUMERIC_SOURCES.has(assertion.source) || NUMERIC_OPERATORS.has(assertion.operator)) return Number(raw);
  if (assertion.source === 'json' && typeof actual !== 'string') {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

const PHRASES: Record<AssertionOperator, (value: string) => string> = {
  eq: (v) => v,
  neq: (v) => `not ${v}`,
  lt: (v) => `< ${v}`,
  lte: (v) => `≤ ${v}`,
  gt: (v) => `> ${v}`,
  gte: (v) => `≥ ${v}`,
  contains: (v) => `to contain ${v}`,
  not_contains: (v) => `not to contain ${v}`,
  exists: () => 'to exist',
  not_exists: () => 'not to exist',
  matches: (v) => `to match ${v}`,
};

export function assertionLabel(assertion: Assertion): string {
  return assertion.source === 'header' || assertion.source === 'json' ? `${assertion.source} ${assertion.path}` : assertion.source.replace('_', ' ');
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** One assertion against the response. */
export function evaluateAssertion(assertion: Assertion, facts: ResponseFacts, cache: { parsed?: Parsed } = {}): AssertionResult {
  const { value: actual, absent } = valueOf(assertion, facts, cache);
  const shown = actual === undefined ? null : assertion.source === 'body' ? show(textOf(actual).slice(0, 200)) : show(actual);
  const expected = expectedValue(assertion, actual);
  const fail = (got: string): AssertionResult => ({
    passed: false,
    actual: shown,
    message: `${assertionLabel(assertion)}: expected ${PHRASES[assertion.operator](show(expected))}, got ${got}`,
  });
  if (absent) return fail(absent);
  switch (assertion.operator) {
    case 'exists':
      return actual === undefined ? fail('nothing') : { passed: true, actual: shown };
    case 'not_exists':
      return actual === undefined ? { passed: true, actual: null } : fail(shown!);
  }
  if (actual === undefined) return fail('nothing');
  let passed: boolean;
  switch (assertion.operator) {
    case 'eq':
    case 'neq': {
      const same = typeof expected === 'string' ? textOf(actual) === expected : deepEqual(actual, expected);
      passed = same === (assertion.operator === 'eq');
      break;
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const number = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : Number.NaN;
      if (!Number.isFinite(number)) return fail(`${shown} (not a number)`);
      const limit = expected as number;
      passed = { lt: number < limit, lte: number <= limit, gt: number > limit, gte: number >= limit }[assertion.operator];
      break;
    }
    case 'contains':
    case 'not_contains': {
      const found = Array.isArray(actual) ? actual.some((item) => textOf(item) === textOf(expected)) : textOf(actual).includes(textOf(expected));
      passed = found === (assertion.operator === 'contains');
      break;
    }
    case 'matches':
      passed = wildcardMatch(textOf(actual), String(assertion.value ?? ''));
      break;
  }
  return passed ? { passed: true, actual: shown } : fail(shown!);
}

/** Every assertion, in order (the page shows them all); the check fails at the first that fails. */
export function evaluateAssertions(assertions: readonly Assertion[], facts: ResponseFacts): AssertionResult[] {
  const cache: { parsed?: Parsed } = {};
  return assertions.map((assertion) => evaluateAssertion(assertion, facts, cache));
}

/** Whether any assertion reads the body. */
export const needsBody = (assertions: readonly Assertion[]) => assertions.some((a) => a.source === 'body' || a.source === 'json');
