import { describe, expect, it } from 'vitest';
import { csvLine } from '@/lib/csv';

describe('CSV', () => {
  it('quotes per RFC 4180 and ends lines with CRLF', () => {
    expect(csvLine(['2026-01-01T00:00:00.000Z', 'down', 12, null])).toBe('2026-01-01T00:00:00.000Z,down,12,\r\n');
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines'])).toBe('"a,b","say ""hi""","two\nlines"\r\n');
  });

  it('makes cells that a spreadsheet would run as a formula inert', () => {
    expect(csvLine(['=HYPERLINK("http://x")', '+1', '-cmd', '@SUM(A1)', '\tx'])).toBe(`"'=HYPERLINK(""http://x"")",'+1,'-cmd,'@SUM(A1),'\tx\r\n`);
    expect(csvLine([-5])).toBe('-5\r\n');
  });
});
