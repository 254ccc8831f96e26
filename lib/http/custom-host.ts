// Status pages on their owners' own host names: the request front (front.ts) rewrites such a
// request under /s/_host/… and names the host in a header that the route handlers read.

/** The header through which the front names the custom host a request came to (it overwrites any client's). */
export const CUSTOM_HOST_HEADER = 'x-watchpost-custom-host';
/** What a custom host's requests are rewritten under: app/s/[slug] routes read the page from the header above. */
export const CUSTOM_HOST_SLUG = '_host';
