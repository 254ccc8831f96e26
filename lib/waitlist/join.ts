import 'server-only';
import { db } from '@/db';
import { waitlistSignups } from '@/db/schema';
import type { JoinWaitlistInput } from './schemas';

/**
 * Put an address on the beta waitlist. A second join of the same address stores nothing
 * new, and the caller answers both the same way: the page never tells who is on the list.
 */
export async function joinWaitlist({ input }: { input: JoinWaitlistInput }): Promise<void> {
  // Bots fill the hidden field; they get the same answer and nothing is stored.
  if (input.website) return;
  await db
    .insert(waitlistSignups)
    .values({ email: input.email, note: input.note ?? null, referrer: input.referrer ?? null, source: input.utmSource ?? null })
    .onConflictDoNothing({ target: waitlistSignups.email });
}

/** What the page says after every accepted join, new or not. */
export const JOINED_MESSAGE =
  "You're on the list. If you had joined before, you're already on the list and nothing changed. We'll e-mail your invitation when your spot opens.";
