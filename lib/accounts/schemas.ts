import { z } from 'zod';
import { emailSchema } from '@/lib/auth/email';
import { newPasswordSchema, PASSWORD_MAX } from '@/lib/auth/password-rules';

/** A password the user already has: only bounded, never judged (old accounts keep working). */
const currentPassword = z
  .string({ error: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .max(PASSWORD_MAX, 'That password is too long.');

export const signUpSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  /** the token of an invitation link */
  invite: z.preprocess((value) => (value === '' ? undefined : value), z.string().max(200, 'This invitation link is not valid.').optional()),
  /** the token of a team's invitation link */
  join: z.preprocess((value) => (value === '' ? undefined : value), z.string().max(200, 'This invitation link is not valid.').optional()),
});
export const loginSchema = z.object({
  email: z.string({ error: 'Enter your e-mail address.' }).trim().min(1, 'Enter your e-mail address.').max(1000),
  password: currentPassword,
  next: z.string().max(2000).optional(),
});
export const secondStepSchema = z.object({
  code: z.string({ error: 'Enter the code from your authenticator app, or a recovery code.' }).trim().min(1, 'Enter the code from your authenticator app, or a recovery code.').max(40),
  next: z.string().max(2000).optional(),
});
export const totpCodeSchema = z.object({
  code: z.string({ error: 'Enter the 6 digits the app shows.' }).trim().regex(/^\d{3}\s?\d{3}$/, 'Enter the 6 digits the app shows.'),
});
/** A WebAuthn answer, as the browser library gives it, posted as JSON text. */
const webauthnJson = z
  .string()
  .max(64 * 1024)
  .transform((text, ctx) => {
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return value as never;
    } catch {
      // below
    }
    ctx.addIssue({ code: 'custom', message: 'The passkey did not answer: try again.' });
    return z.NEVER;
  });
export const addPasskeySchema = z.object({
  name: z.string({ error: 'Name the passkey, e.g. Work laptop.' }).trim().min(1, 'Name the passkey, e.g. Work laptop.').max(100, 'At most 100 characters.'),
  response: webauthnJson,
});
export const removePasskeySchema = z.object({ passkeyId: z.uuid({ error: 'Unknown passkey.' }), password: currentPassword });
export const endSessionSchema = z.object({ sessionId: z.uuid({ error: 'Unknown session.' }) });
export const passkeySignInSchema = z.object({ response: webauthnJson, next: z.string().max(2000).optional() });
const typedTwice = (input: { newPassword: string; confirmPassword: string }) => input.newPassword === input.confirmPassword;
const notTheSame = { path: ['confirmPassword'], message: 'The two new passwords do not match.' };
export const changePasswordSchema = z.object({ currentPassword, newPassword: newPasswordSchema, confirmPassword: z.string() }).refine(typedTwice, notTheSame);
export const setPasswordSchema = z.object({ newPassword: newPasswordSchema, confirmPassword: z.string() }).refine(typedTwice, notTheSame);
export const resetPasswordSchema = z
  .object({ token: z.string({ error: 'This link is not valid.' }).min(1).max(1000), newPassword: newPasswordSchema, confirmPassword: z.string() })
  .refine(typedTwice, notTheSame);
export const confirmWithPasswordSchema = z.object({ password: currentPassword });
