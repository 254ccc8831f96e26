import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';

/** A path's id: anything that is not a uuid names nothing (404, like another team's id). */
export function requireUuid(value: string | undefined, kind: string): string {
  if (value && isUuid(value)) return value;
  throw new AppError('NOT_FOUND', `That ${kind} does not exist.`);
}
