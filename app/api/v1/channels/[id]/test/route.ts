import { apiRoute } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { emptyBodySchema } from '@/lib/contracts/api';
import { sendTestNotification } from '@/lib/notifications/manage';

export const dynamic = 'force-dynamic';

// POST /api/v1/channels/{id}/test — queue a test message (it shows in the channel's delivery log) (editor)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const id = requireUuid(params.id, 'notification channel');
  body(emptyBodySchema);
  await sendTestNotification({ ctx, input: { channelId: id } });
  return Response.json({ queued: true }, { status: 202 });
});
