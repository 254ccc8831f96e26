import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { type AgentConfig, agentConfigSchema } from '../lib/contracts/agent-config';

// The last configuration the server sent, kept beside the spool: an agent restarted (or a
// machine rebooted) while the server is unreachable starts checking from it instead of
// waiting. Written like a spool batch (temporary name, fsync, rename), mode 0600: monitors'
// options can hold request headers with credentials. It belongs to one server and token;
// another pair never reads it.

// No .json extension: the spool's batch files are the .json ones in this folder.
const FILE = 'last-config';

interface Saved {
  owner: string;
  etag: string;
  config: AgentConfig;
}

function ownerOf(server: string, token: string): string {
  return createHash('sha256').update(`${server}\n${token}`).digest('hex');
}

export function saveConfig(dir: string, server: string, token: string, etag: string, config: AgentConfig): void {
  const file = path.join(dir, FILE);
  const body = JSON.stringify({ owner: ownerOf(server, token), etag, config } satisfies Saved);
  const fd = openSync(`${file}.tmp`, 'w', 0o600);
  try {
    writeSync(fd, body);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.tmp`, file);
}

/** The saved configuration for this server and token, if there is one and it reads whole. */
export function loadConfig(dir: string, server: string, token: string): { etag: string; config: AgentConfig } | null {
  try {
    const saved = JSON.parse(readFileSync(path.join(dir, FILE), 'utf8')) as Saved;
    const config = agentConfigSchema.safeParse(saved.config);
    if (saved.owner !== ownerOf(server, token) || !config.success) return null;
    return { etag: saved.etag, config: config.data };
  } catch {
    return null;
  }
}
