import type { Dispatcher } from 'undici';
import type { ChannelSecrets, ChannelSettings } from '../kinds';

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

export interface SendContext {
  settings: ChannelSettings;
  secrets: ChannelSecrets;
  /** email: every address to send to (the fixed ones and the members the channel targets), resolved at send time */
  recipients?: string[];
  /** the channel's id (Matrix's transaction ids are per channel and event) */
  channelId?: string;
  /** undici dispatcher: the default guards against private addresses; tests may pass another */
  dispatcher?: Dispatcher;
}
