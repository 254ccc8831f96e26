/** A page's search parameters as Next.js hands them over. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** One parameter's value; a repeated parameter (`?a=1&a=2`) counts as absent. */
export const param = (value: string | string[] | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
