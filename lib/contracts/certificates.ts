import { z } from 'zod';

// The certificate a TLS server presented, as agents report it with a check (the optional
// `certificate` field of a heartbeat) and the server keeps it (lib/ingest, /certificates).

export const certificateSchema = z.object({
  /** The leaf's subject (its common name, or the whole name when it has none). */
  subject: z.string().max(500),
  /** Subject alternative names: host names and IP addresses. */
  sans: z.array(z.string().max(300)).max(200),
  issuer: z.string().max(500),
  serial: z.string().max(100),
  /** SHA-256 of the leaf (DER), 64 upper-case hex digits. */
  fingerprint: z.string().regex(/^[0-9A-F]{64}$/),
  notBefore: z.iso.datetime({ offset: true }),
  notAfter: z.iso.datetime({ offset: true }),
  /** The earliest expiry in the chain the server sent (an intermediate may expire first). */
  chainNotAfter: z.iso.datetime({ offset: true }),
});

export type Certificate = z.infer<typeof certificateSchema>;

/** Default days before expiry to warn at, per monitor. */
export const DEFAULT_CERTIFICATE_WARNING_DAYS = [21, 14, 7, 1];

export const certificateWarningDaysSchema = z
  .array(z.int().min(1).max(365))
  .max(10)
  .default(DEFAULT_CERTIFICATE_WARNING_DAYS)
  .transform((days) => [...new Set(days)].sort((a, b) => b - a));

/** Whole days from `now` until `iso` (negative once past). */
export const daysUntil = (iso: string | Date, now = Date.now()) => Math.floor((new Date(iso).getTime() - now) / 86_400_000);
