import { DataTable } from '@/components/ui/data-table';
import type { Assertion, AssertionResult } from '@/lib/contracts/assertions';
import { OPERATOR_LABELS, SOURCE_NAMES } from '@/lib/contracts/assertion-kinds';
import { formatDateTime } from '@/lib/format';

/** The last check's assertions, passing ones included, with the values found. */
export function AssertionResults({ assertions, results, time, timeZone }: { assertions: readonly Assertion[]; results: readonly AssertionResult[]; time: Date; timeZone: string }) {
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500">Check at {formatDateTime(time, timeZone)}</p>
      <div className="overflow-x-auto">
        <DataTable<{ index: number; result: AssertionResult }>
          rows={results.map((result, index) => ({ index, result }))}
          rowKey={({ index }) => String(index)}
          columns={[
            {
              header: 'Assertion',
              cell: ({ index }) => {
                const assertion = assertions[index];
                if (!assertion) return `Assertion ${index + 1} (since changed)`;
                return (
                  <>
                    {SOURCE_NAMES[assertion.source]} {assertion.path ? <code className="text-xs">{assertion.path}</code> : null} {OPERATOR_LABELS[assertion.operator]}{' '}
                    {assertion.value !== undefined ? <code className="text-xs">{assertion.value}</code> : null}
                  </>
                );
              },
            },
            {
              header: 'Result',
              cell: ({ result }) => <span className={`font-medium ${result.passed ? 'text-emerald-700' : 'text-red-700'}`}>{result.passed ? 'passed' : 'failed'}</span>,
            },
            {
              header: 'Found',
              className: 'max-w-md break-words',
              cell: ({ result }) => (
                <>
                  <code className="text-xs">{result.actual ?? 'nothing'}</code>
                  {result.message ? <span className="block text-xs text-red-700">{result.message}</span> : null}
                </>
              ),
            },
          ]}
        />
      </div>
    </div>
  );
}
