import { isDatabaseUnavailable } from './db-errors';
import { log } from '@/lib/observability/log';

export const errorStatus = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LIMIT_REACHED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorDetail {
  index?: number;
  field?: string;
  message: string;
}

/** An error whose message is safe to show to the user or the API client as it is. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { details?: ErrorDetail[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const GENERIC_ERROR_MESSAGE = 'Something went wrong. Please try again.';

/** The wire shape of every API error: `{error:{code,message,details?}}`. */
export function errorBody(error: AppError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.options.details ? { details: error.options.details } : {}),
    },
  };
}

/** Map anything thrown to an HTTP response; non-AppErrors are logged and never shown. */
export function errorResponse(error: unknown): Response {
  const appError =
    error instanceof AppError
      ? error
      : isDatabaseUnavailable(error)
        ? new AppError('UNAVAILABLE', 'The server cannot reach its database. Try again shortly.', { retryAfterSeconds: 5 })
        : (log.error('Unexpected error.', { error }), new AppError('INTERNAL', GENERIC_ERROR_MESSAGE));
  const headers: Record<string, string> = {};
  if (appError.options.retryAfterSeconds !== undefined) {
    headers['Retry-After'] = String(Math.max(1, Math.ceil(appError.options.retryAfterSeconds)));
  }
  return Response.json(errorBody(appError), { status: appError.status, headers });
}
