import type { Assertion, AssertionResult } from '@/lib/contracts/assertions';
import { OPERATOR_LABELS, SOURCE_NAMES } from '@/lib/contracts/assertion-kinds';
import { formatDateTime } from '@/lib/format';

/** The last check's assertions, passing ones included, with the values found. */
export function AssertionResults({ assertions, results, time, timeZone }: { assertions: readonly Assertion[]; results: readonly AssertionResult[]; time: Date; timeZone: string }) {
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500">Check at {formatDateTime(time, timeZone)}</p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="text-left text-slate-600">
            <tr>
              <th className="py-1 pr-4 font-medium">Assertion</th>
              <th className="py-1 pr-4 font-medium">Result</th>
              <th className="py-1 font-medium">Found</th>
            </tr>
          </thead>
          <tbody>
            {results.map((result, index) => {
              const assertion = assertions[index];
              return (
                <tr key={index} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-4">
                    {assertion ? (
                      <>
                        {SOURCE_NAMES[assertion.source]} {assertion.path ? <code className="text-xs">{assertion.path}</code> : null} {OPERATOR_LABELS[assertion.operator]}{' '}
                        {assertion.value !== undefined ? <code className="text-xs">{assertion.value}</code> : null}
                      </>
                    ) : (
                      `Assertion ${index + 1} (since changed)`
                    )}
                  </td>
                  <td className={`py-1 pr-4 font-medium ${result.passed ? 'text-emerald-700' : 'text-red-700'}`}>{result.passed ? 'passed' : 'failed'}</td>
                  <td className="max-w-md break-words py-1">
                    <code className="text-xs">{result.actual ?? 'nothing'}</code>
                    {result.message ? <span className="block text-xs text-red-700">{result.message}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
