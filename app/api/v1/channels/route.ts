import { apiChannel, channelInputOf, listApiChannels } from '@/lib/api/channels';
import { apiRoute, resource } from '@/lib/api/handler';
import { onePage } from '@/lib/api/pages';
import { channelInputSchema } from '@/lib/contracts/api';
import { createChannel } from '@/lib/notifications/manage';

export const dynamic = 'force-dynamic';

// GET /api/v1/channels — the team's notification channels (one page; secrets as set/unset)
export const GET = apiRoute(async ({ ctx }) => onePage(await listApiChannels(ctx)));

// POST /api/v1/channels — a new channel by the channel form's rules; a webhook's signing secret comes back this once (editor)
export const POST = apiRoute(async ({ ctx, body }) => {
  const { id, signingSecret } = await createChannel({ ctx, input: channelInputOf(body(channelInputSchema)) });
  const response = resource({ ...(await apiChannel(ctx, id)), signingSecret }, 201);
  response.headers.set('Location', `/api/v1/channels/${id}`);
  return response;
});
