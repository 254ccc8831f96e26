import { handlePing } from '@/lib/checks/push/endpoint';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ key: string }> };
const success = async (request: Request, { params }: Context) => handlePing(request, { key: (await params).key });

// GET|HEAD|POST /ping/<key> — a push monitor's run succeeded (the key is the capability: no session)
export const GET = success;
export const HEAD = success;
export const POST = success;
