import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { servedOrigin } from '@/lib/http/same-origin';

// GET|POST /api/auth/* — Auth.js endpoints (session, csrf, sign-out, single sign-on's callback).
// Auth.js makes its URLs (the OpenID redirect URI among them) from the request's URL. A
// NextRequest's URL is on Next.js's listening host, with 127.0.0.1 rewritten to "localhost",
// so the callback's redirect URI would differ from the one the sign-in sent (from the
// headers, in the server action): hand Auth.js a plain Request on the origin the browser used.
// (An AUTH_URL in the environment, Auth.js's own setting, names the origin instead.)
const onServedOrigin = (handler: (request: NextRequest) => Promise<Response>) => (request: NextRequest) =>
  process.env.AUTH_URL
    ? handler(request)
    : handler(new Request(new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, servedOrigin(request.headers)), request) as NextRequest);

export const GET = onServedOrigin(handlers.GET);
export const POST = onServedOrigin(handlers.POST);
