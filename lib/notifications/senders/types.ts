/** What one attempt to deliver came to. */
export interface AttemptResult {
  ok: boolean;
  /** try again later (a timeout, 5xx, 408, 429, a dropped connection); false: it will not work until the channel is fixed */
  retryable?: boolean;
  retryAfterSeconds?: number;
  /** HTTP status, or the SMTP reply code */
  statusCode?: number;
  reply?: string;
  error?: string;
}
