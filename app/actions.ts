'use server';

import { publicAction } from '@/lib/actions/safe-action';
import { JOINED_MESSAGE, joinWaitlist } from '@/lib/waitlist/join';
import { joinWaitlistSchema } from '@/lib/waitlist/schemas';

// The landing page's waitlist form. Rate-limited per client IP like every anonymous form.
export const joinWaitlistAction = publicAction(
  joinWaitlistSchema,
  async (input) => {
    await joinWaitlist({ input });
    return { ok: true, data: { message: JOINED_MESSAGE } };
  },
  { limitPerIp: true },
);
