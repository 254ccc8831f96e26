import { HEADER_NAME } from '@/lib/contracts/monitors';

/**
 * Request headers as typed in a form, one `Name: value` per line, or the problem with the
 * first bad line. `reserved`: names the caller sets itself, refused.
 */
export function parseHeaderLines(text: string, { max, reserved }: { max: number; reserved?: { names: RegExp; by: string } }): Record<string, string> | string {
  const headers: Record<string, string> = {};
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return `Line ${index + 1}: write each header as Name: value.`;
    const name = line.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) return `Line ${index + 1}: header names are letters, digits and - only.`;
    if (reserved?.names.test(name)) return `Line ${index + 1}: ${name} is set by ${reserved.by}.`;
    headers[name] = line.slice(colon + 1).trim();
  }
  return Object.keys(headers).length > max ? `At most ${max} headers.` : headers;
}
