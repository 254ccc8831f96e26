import { handlePing } from '@/lib/checks/push/endpoint';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ key: string }> };
const push = async (request: Request, { params }: Context) => handlePing(request, { key: (await params).key, kuma: true });

// GET|HEAD|POST /api/push/<key>?status=up|down&msg=…&ping=<ms> — Uptime Kuma's push URL, so a Kuma user changes only the host
export const GET = push;
export const HEAD = push;
export const POST = push;
