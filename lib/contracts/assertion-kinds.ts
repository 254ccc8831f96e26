// The assertion sources and operators, without zod or JSONPath: the monitor form (a client
// component) needs them (see monitor-kinds.ts for why zod stays out of the browser).

export const ASSERTION_SOURCES = ['status', 'header', 'body', 'json', 'latency', 'certificate_days'] as const;
export type AssertionSource = (typeof ASSERTION_SOURCES)[number];

export const ASSERTION_OPERATORS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'contains', 'not_contains', 'exists', 'not_exists', 'matches'] as const;
export type AssertionOperator = (typeof ASSERTION_OPERATORS)[number];

const NUMERIC = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'] as const;
const TEXT = ['eq', 'neq', 'contains', 'not_contains', 'matches'] as const;

/** Which operators fit which source. */
export const OPERATORS_BY_SOURCE: Record<AssertionSource, readonly AssertionOperator[]> = {
  status: NUMERIC,
  latency: ['lt', 'lte', 'gt', 'gte'],
  certificate_days: ['lt', 'lte', 'gt', 'gte'],
  header: [...TEXT, 'exists', 'not_exists', 'lt', 'lte', 'gt', 'gte'],
  body: ['contains', 'not_contains', 'matches', 'eq', 'neq'],
  json: ASSERTION_OPERATORS,
};

export const OPERATOR_LABELS: Record<AssertionOperator, string> = {
  eq: 'equals',
  neq: 'does not equal',
  lt: 'is less than',
  lte: 'is at most',
  gt: 'is greater than',
  gte: 'is at least',
  contains: 'contains',
  not_contains: 'does not contain',
  exists: 'exists',
  not_exists: 'does not exist',
  matches: 'matches (* and ?)',
};

/** What the form and the monitor page call each source. */
export const SOURCE_NAMES: Record<AssertionSource, string> = {
  status: 'Status code',
  header: 'Header',
  body: 'Body text',
  json: 'JSON value',
  latency: 'Latency (ms)',
  certificate_days: 'Certificate days left',
};
