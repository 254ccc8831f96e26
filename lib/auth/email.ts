import { z } from 'zod';

/** E-mail as users type it: trimmed and lower-cased before validation and storage. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter your e-mail address.')
  .max(255, 'E-mail addresses can be at most 255 characters.')
  .pipe(z.email('Enter an e-mail address like name@example.com.'));
