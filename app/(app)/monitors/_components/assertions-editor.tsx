'use client';

import { useState } from 'react';
import { ASSERTION_SOURCES, type AssertionOperator, type AssertionSource, OPERATOR_LABELS, OPERATORS_BY_SOURCE, SOURCE_NAMES } from '@/lib/contracts/assertion-kinds';

interface Row {
  source: AssertionSource;
  path: string;
  operator: AssertionOperator;
  value: string;
}


const PATH_HINTS: Partial<Record<AssertionSource, string>> = { header: 'Content-Type', json: '$.status' };
const VALUELESS = new Set<AssertionOperator>(['exists', 'not_exists']);
const control = 'w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm';

function rowsOf(json: string): Row[] {
  try {
    const parsed = JSON.parse(json) as Partial<Row>[];
    return Array.isArray(parsed)
      ? parsed.map((row) => ({ source: row.source ?? 'status', path: row.path ?? '', operator: row.operator ?? 'eq', value: row.value ?? '' }))
      : [];
  } catch {
    return [];
  }
}

/** The ordered assertions of an http monitor: add, reorder, remove; sent as one JSON field. */
export function AssertionsEditor({ initial, error, builtIn }: { initial: string; error?: string; builtIn: { expectedStatus: string; keyword: string; keywordInverted: boolean } }) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(initial));
  const update = (index: number, change: Partial<Row>) =>
    setRows((current) =>
      current.map((row, i) => {
        if (i !== index) return row;
        const next = { ...row, ...change };
        // A source change keeps the operator only where it still fits.
        if (!OPERATORS_BY_SOURCE[next.source].includes(next.operator)) next.operator = OPERATORS_BY_SOURCE[next.source][0]!;
        return next;
      }),
    );
  const move = (index: number, by: number) =>
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });
  const sent = rows.map(({ source, path, operator, value }) => ({
    source,
    ...(source === 'header' || source === 'json' ? { path } : {}),
    operator,
    ...(VALUELESS.has(operator) ? {} : { value }),
  }));

  return (
    <div className="space-y-3">
      <div>
        <p className="text-sm font-medium text-slate-700">Assertions</p>
        <p className="text-xs text-slate-500">
          Checked in order after the status codes and keyword; the first that fails fails the check, and its message says why. JSON values are found with JSONPath (RFC 9535); &quot;matches&quot; takes * and ? wildcards.
        </p>
      </div>
      <input type="hidden" name="assertions" value={JSON.stringify(sent)} />
      {/* The expected status codes and keyword fields above are assertions too, checked first. */}
      <ul className="space-y-1 text-sm text-slate-700" aria-label="Checked first">
        <li className="rounded-md bg-slate-50 px-3 py-1.5">
          Status code is one of <code>{builtIn.expectedStatus || '200-399'}</code> <span className="text-xs text-slate-500">(Expected status codes, above)</span>
        </li>
        {builtIn.keyword ? (
          <li className="rounded-md bg-slate-50 px-3 py-1.5">
            Body text {builtIn.keywordInverted ? 'does not contain' : 'contains'} <code>{builtIn.keyword}</code> <span className="text-xs text-slate-500">(Keyword, above)</span>
          </li>
        ) : null}
      </ul>
      {rows.length === 0 ? <p className="text-sm text-slate-600">No assertions.</p> : null}
      <ol className="space-y-3">
        {rows.map((row, index) => {
          const n = index + 1;
          const hasPath = row.source === 'header' || row.source === 'json';
          return (
            <li key={index} className="grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-[10rem_1fr_10rem_1fr]" aria-label={`Assertion ${n}`}>
              <label className="space-y-1 text-xs font-medium text-slate-700">
                <span>Source {n}</span>
                <select className={control} value={row.source} onChange={(event) => update(index, { source: event.target.value as AssertionSource })}>
                  {ASSERTION_SOURCES.map((source) => (
                    <option key={source} value={source}>
                      {SOURCE_NAMES[source]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="space-y-1 text-xs font-medium text-slate-700">
                <span>{row.source === 'json' ? `JSONPath ${n}` : row.source === 'header' ? `Header name ${n}` : `Path ${n}`}</span>
                <input className={`${control} font-mono disabled:bg-slate-50`} value={hasPath ? row.path : ''} disabled={!hasPath} placeholder={PATH_HINTS[row.source] ?? 'not used'} onChange={(event) => update(index, { path: event.target.value })} />
              </label>
              <label className="space-y-1 text-xs font-medium text-slate-700">
                <span>Operator {n}</span>
                <select className={control} value={row.operator} onChange={(event) => update(index, { operator: event.target.value as AssertionOperator })}>
                  {OPERATORS_BY_SOURCE[row.source].map((operator) => (
                    <option key={operator} value={operator}>
                      {OPERATOR_LABELS[operator]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="space-y-1 text-xs font-medium text-slate-700">
                <span>Value {n}</span>
                <input className={`${control} disabled:bg-slate-50`} value={VALUELESS.has(row.operator) ? '' : row.value} disabled={VALUELESS.has(row.operator)} onChange={(event) => update(index, { value: event.target.value })} />
              </label>
              <div className="flex flex-wrap gap-2 sm:col-span-4">
                <button type="button" className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move assertion ${n} up`}>
                  Move up
                </button>
                <button type="button" className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50" disabled={index === rows.length - 1} onClick={() => move(index, 1)} aria-label={`Move assertion ${n} down`}>
                  Move down
                </button>
                <button type="button" className="rounded-md border border-slate-300 px-2 py-1 text-xs text-red-700 hover:bg-red-50" onClick={() => setRows((current) => current.filter((_, i) => i !== index))} aria-label={`Remove assertion ${n}`}>
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <button
        type="button"
        disabled={rows.length >= 20}
        onClick={() => setRows((current) => [...current, { source: 'json', path: '$.status', operator: 'eq', value: '' }])}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-50"
      >
        Add assertion
      </button>
    </div>
  );
}
