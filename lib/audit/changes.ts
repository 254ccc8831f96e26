// Which fields an edit changed: the audit log names them, never their values.

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The keys of `after` whose value differs from `before`'s (arrays and objects compared by value). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((key) => after[key] !== undefined && !same(before[key], after[key]));
}
