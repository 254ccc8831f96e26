import { handlePing } from '@/lib/checks/push/endpoint';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ key: string; action: string }> };
const ping = async (request: Request, { params }: Context) => {
  const { key, action } = await params;
  return handlePing(request, { key, suffix: action });
};

// GET|HEAD|POST /ping/<key>/start|fail|log|<exit status> — a run started, failed, logged a line, or ended with this status
export const GET = ping;
export const HEAD = ping;
export const POST = ping;
