import { AppError } from '@/lib/errors';

// Cursor pagination for the API's lists: the cursor is the sort key of the last item of a
// page (opaque to clients: base64url JSON), so a page never repeats or skips an item when
// others are added meanwhile. `limit + 1` rows are read to know whether there is a next page.

export interface Page<Item> {
  data: Item[];
  next: string | null;
}

export interface Position {
  at: string;
  id: string;
}

/** A timestamptz as PostgreSQL prints it (microseconds kept): `2026-12-02 22:30:00.123456+00`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The position a cursor names; a cursor that is not one of ours is a 400. */
export function pageQuery(cursor: string | undefined): Position | null {
  if (cursor === undefined) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && TIMESTAMP.test(value[0]) && typeof value[1] === 'string' && UUID.test(value[1])) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // below
  }
  throw new AppError('INVALID_INPUT', 'That cursor is not valid: use the `next` of the previous page.', { details: [{ field: 'cursor', message: 'Not a cursor of this list.' }] });
}

/** The page of `rows` (read with limit + 1) and the cursor after it. */
export function pageAfter<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, positionOf: (row: Row) => Position): Page<Item> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  const next = more && last ? Buffer.from(JSON.stringify([positionOf(last).at, positionOf(last).id])).toString('base64url') : null;
  return { data: shown.map(toItem), next };
}

/** The page as a response, with `Link: <…?cursor=…>; rel="next"` when there is one. */
export function pageResponse(url: URL, page: Page<unknown>): Response {
  const headers: Record<string, string> = {};
  if (page.next) {
    const next = new URL(url);
    next.searchParams.set('cursor', page.next);
    headers.Link = `<${next.pathname}${next.search}>; rel="next"`;
  }
  return Response.json(page, { headers });
}

/** A list small enough to send whole (a team's channels, pages, windows, members): one page, no cursor. */
export function onePage(data: unknown[]): Response {
  return Response.json({ data, next: null });
}

/** A time as the API writes it (ISO 8601), from a Date or epoch milliseconds; null stays null. */
export function isoTime(value: Date | number | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}
