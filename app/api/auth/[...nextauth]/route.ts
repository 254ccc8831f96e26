import { handlers } from '@/lib/auth';

// GET|POST /api/auth/* — Auth.js endpoints (session, csrf, sign-out)
export const { GET, POST } = handlers;
