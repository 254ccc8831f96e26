// A policy's limits, without zod: the policy form (a client component) reads them too.

export const MAX_STEPS = 10;
export const WAIT_LIMIT_MINUTES = 1440;
