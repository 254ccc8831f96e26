import 'server-only';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { type CurrentTeam, type CurrentUser, requireTeam, requireUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { AppError, GENERIC_ERROR_MESSAGE } from '@/lib/errors';
import { hitRateLimit } from '@/lib/rate-limit';
import { clientIpFrom } from '@/lib/request';
import { inTime } from '@/lib/time';
import { log } from '@/lib/observability/log';
import type { TeamContext } from '@/lib/teams/roles';

// Every exported server action goes through one of these: session (for authedAction)
// → safeParse → run → map errors. What a form gets back:
export type ActionState<Data = undefined> =
  | { ok: true; data: Data; values?: Record<string, string> }
  | { ok: false; formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> }
  | null;

const SECRET_FIELD = /password|token|secret/i;

/** What the user typed, minus secrets, so the form can show it again. */
function echo(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === 'string' && !SECRET_FIELD.test(key) && !key.startsWith('$')) values[key] = value.slice(0, 16 * 1024);
  }
  return values;
}

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fieldErrors[field] ??= issue.message;
  }
  return fieldErrors;
}

export function failure(
  formData: FormData,
  problem: { formError?: string; fieldErrors?: Record<string, string> },
): ActionState<never> {
  return { ok: false, ...problem, values: echo(formData) };
}

function fromError(error: unknown, formData: FormData): ActionState<never> {
  unstable_rethrow(error);
  if (error instanceof AppError) {
    const field = error.options.details?.[0]?.field;
    return field
      ? failure(formData, { fieldErrors: { [field]: error.message } })
      : failure(formData, { formError: error.message });
  }
  log.error('Server action failed.', { error });
  return failure(formData, { formError: GENERIC_ERROR_MESSAGE });
}

type Run<Schema extends z.ZodType, Context, Data> = (
  input: z.output<Schema>,
  context: Context & { formData: FormData },
) => Promise<ActionState<Data>>;

/** A server action anyone may call (sign-up, sign-in, the waitlist). */
export function publicAction<Schema extends z.ZodType, Data>(
  schema: Schema,
  run: Run<Schema, { ip: string }, Data>,
  options: { limitPerIp?: boolean } = {},
) {
  return async (_previous: ActionState<Data>, formData: FormData): Promise<ActionState<Data>> => {
    try {
      const ip = clientIpFrom(await headers());
      if (options.limitPerIp) {
        const hits = await hitRateLimit(`form:ip:${ip}`, 3600);
        if (hits.count > getEnv().ANONYMOUS_FORM_LIMIT_PER_HOUR) {
          return failure(formData, {
            formError: `Too many attempts from your network. Try again ${inTime(hits.resetInSeconds)}.`,
          });
        }
      }
      const parsed = schema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return failure(formData, { fieldErrors: fieldErrorsOf(parsed.error) });
      return await run(parsed.data, { ip, formData });
    } catch (error) {
      return fromError(error, formData);
    }
  };
}

/** A server action on the person's own account (not a team's); it acts only on `user.id`, never on an id from the form. */
export function authedAction<Schema extends z.ZodType, Data>(
  schema: Schema,
  run: Run<Schema, { user: CurrentUser }, Data>,
) {
  return async (_previous: ActionState<Data>, formData: FormData): Promise<ActionState<Data>> => {
    try {
      const user = await requireUser();
      const parsed = schema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return failure(formData, { fieldErrors: fieldErrorsOf(parsed.error) });
      return await run(parsed.data, { user, formData });
    } catch (error) {
      return fromError(error, formData);
    }
  };
}

/**
 * A server action in the person's current team: session → team (resolved once, from the
 * database) → safeParse → run with the team context, whose lib function checks the role
 * (lib/teams/roles.ts PERMISSIONS). Nothing it does may take a team or user id from the form.
 */
export function teamAction<Schema extends z.ZodType, Data>(schema: Schema, run: Run<Schema, { ctx: TeamContext; current: CurrentTeam }, Data>) {
  return async (_previous: ActionState<Data>, formData: FormData): Promise<ActionState<Data>> => {
    try {
      const current = await requireTeam();
      const parsed = schema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return failure(formData, { fieldErrors: fieldErrorsOf(parsed.error) });
      return await run(parsed.data, { ctx: current.ctx, current, formData });
    } catch (error) {
      return fromError(error, formData);
    }
  };
}
