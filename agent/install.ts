import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AgentClient, DeliveryError } from './client';

// `watchpost-agent install`: the agent as a systemd service. Copies this file to
// /opt/watchpost-agent, writes the server and token to an environment file only root can
// read (never on a command line, where `ps` shows it to every user), and a unit that runs
// the agent as a throwaway user with its spool in /var/lib/watchpost-agent.

export interface InstallOptions {
  server: string;
  token: string;
  /** The running agent file, to copy. */
  agentFile: string;
  /** Node.js to run it with (the one running the installer). */
  nodePath: string;
  /** systemd unit name, without .service. */
  name: string;
  /** Write under this folder instead of / (packaging, tests); the unit still names the real paths. */
  root: string;
  concurrency?: number;
}

export interface Installed {
  unit: string;
  environment: string;
  agent: string;
  startCommand: string;
}

export function installService(options: InstallOptions): Installed {
  const paths = {
    unit: `/etc/systemd/system/${options.name}.service`,
    environment: `/etc/${options.name}/agent.env`,
    agent: `/opt/${options.name}/watchpost-agent.mjs`,
    state: `/var/lib/${options.name}`,
  };
  const at = (file: string) => path.join(options.root, file);
  for (const file of [paths.unit, paths.environment, paths.agent]) mkdirSync(path.dirname(at(file)), { recursive: true, mode: 0o755 });
  chmodSync(path.dirname(at(paths.environment)), 0o700);

  copyFileSync(options.agentFile, at(paths.agent));
  chmodSync(at(paths.agent), 0o755);
  // systemd reads it as root before dropping to the service's user.
  writeFileSync(at(paths.environment), `WATCHPOST_SERVER=${options.server}\nWATCHPOST_TOKEN=${options.token}\n`, { mode: 0o600 });
  chmodSync(at(paths.environment), 0o600);
  const concurrency = options.concurrency ? ` --concurrency ${options.concurrency}` : '';
  writeFileSync(
    at(paths.unit),
    `[Unit]
Description=Watchpost agent: runs this machine's checks for ${options.server}
Documentation=${options.server}/agents
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
EnvironmentFile=${paths.environment}
ExecStart=${options.nodePath} ${paths.agent} --spool ${paths.state}${concurrency}
Restart=always
RestartSec=5
# A user of its own that exists only while the agent runs; the spool and the last
# configuration survive in ${paths.state}.
DynamicUser=yes
StateDirectory=${options.name}
StateDirectoryMode=0700
# ping monitors need raw ICMP sockets; nothing else is allowed.
AmbientCapabilities=CAP_NET_RAW
CapabilityBoundingSet=CAP_NET_RAW
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK
LockPersonality=yes

[Install]
WantedBy=multi-user.target
`,
    { mode: 0o644 },
  );
  return { ...paths, startCommand: `systemctl daemon-reload && systemctl enable --now ${options.name}` };
}

/** Whether the server knows the token: the agent's name, or why not. Unreachable is not fatal. */
export async function checkToken(server: string, token: string): Promise<{ ok: true; agent: string } | { ok: false; fatal: boolean; message: string }> {
  const client = new AgentClient(server, token);
  try {
    const answer = await client.fetchConfig(null);
    return { ok: true, agent: answer?.config.agent.name ?? '?' };
  } catch (error) {
    const fatal = error instanceof DeliveryError && !error.retryable;
    return { ok: false, fatal, message: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.close();
  }
}
