import { z } from 'zod';
import { emailSchema } from '@/lib/auth/email';

export const WAITLIST_NOTE_MAX = 500;

/** Free text from the page, kept only as long as its column; never an error for the visitor. */
const clipped = (max: number) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined), z.string().optional());

// The landing page's form. `website` is the honeypot: hidden from people, filled by bots.
export const joinWaitlistSchema = z.object({
  email: emailSchema,
  note: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined),
    z.string().max(WAITLIST_NOTE_MAX, `Keep it to ${WAITLIST_NOTE_MAX} characters or fewer.`).optional(),
  ),
  referrer: clipped(500),
  utmSource: clipped(100),
  website: z.string().optional(),
});

export type JoinWaitlistInput = z.output<typeof joinWaitlistSchema>;
