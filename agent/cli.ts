// watchpost-agent: runs the http, tcp, ping and dns checks of one Watchpost agent.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAgent } from './agent';
import { checkToken, installService } from './install';
import { createLogger, type LogLevel } from './log';
import { keepHeapCompact } from './memory';
import { AGENT_VERSION } from './version';

const HELP = `Usage: watchpost-agent --server URL --token TOKEN [options]
       watchpost-agent install --server URL --token TOKEN [--name NAME] [--root DIR]

Runs the checks of one Watchpost agent and sends their results to the server.
Outbound HTTP(S) to the server is all it needs. Node.js 20 or later.

Commands:
  (none)               Run the agent in the foreground.
  install              Install it as a systemd service (as root): copies this file to
                       /opt/NAME/, puts the server and token in /etc/NAME/agent.env
                       (mode 0600, not on a command line), writes
                       /etc/systemd/system/NAME.service, and prints how to start it.
                       --name NAME: the service's name (default watchpost-agent);
                       --root DIR: write the files under DIR instead of / (packaging).

Options:
  --server URL         The Watchpost server, e.g. https://watchpost.example.com
                       (or WATCHPOST_SERVER)
  --token TOKEN        The agent's token, wpa_… (or WATCHPOST_TOKEN). Shown once when
                       the agent is added; rotate the key on the agent's page for a new one.
  --spool DIR          Where results wait while the server is unreachable
                       (default: ${path.join('~', '.local', 'share', 'watchpost-agent')}). Delivered in order when it is back.
  --concurrency N      Checks running at once (default 64).
  --log-level LEVEL    debug, info, warn or error (default info).
  --log-format FORMAT  text or json: one line per event (default text).
  --metrics-port PORT  Serve Prometheus metrics at http://127.0.0.1:PORT/metrics: checks
                       by type and result, check durations, upload failures, spool size.
  --version            The agent's version.
  --help               This text.
`;

function fail(message: string): never {
  process.stderr.write(`watchpost-agent: ${message}\nRun with --help for the options.\n`);
  process.exit(2);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      spool: { type: 'string' },
      concurrency: { type: 'string' },
      'log-level': { type: 'string' },
      'log-format': { type: 'string' },
      'metrics-port': { type: 'string' },
      name: { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean' },
      version: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.version) {
    process.stdout.write(`watchpost-agent ${AGENT_VERSION}\n`);
    return;
  }
  const [command, ...extra] = positionals;
  if (extra.length || (command !== undefined && command !== 'install')) fail(`unknown command "${positionals.join(' ')}".`);
  // The agent is shipped alone: it reads its own few variables, not the server's lib/env.
  const server = values.server ?? process.env.WATCHPOST_SERVER;
  const token = values.token ?? process.env.WATCHPOST_TOKEN;
  if (!server) fail('--server (or WATCHPOST_SERVER) is required.');
  if (!/^https?:\/\/[^/\s]+/.test(server)) fail(`--server must be an http:// or https:// URL, not "${server}".`);
  if (!token) fail('--token (or WATCHPOST_TOKEN) is required.');
  if (!token.startsWith('wpa_')) fail('--token must be an agent token, starting with wpa_.');
  const concurrency = Number(values.concurrency ?? 64);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10_000) fail('--concurrency must be a whole number from 1 to 10000.');
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) fail('--log-level must be debug, info, warn or error.');
  const format = values['log-format'] ?? 'text';
  if (format !== 'text' && format !== 'json') fail('--log-format must be text or json.');

  if (command === 'install') {
    const name = values.name ?? 'watchpost-agent';
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) fail('--name must be lower-case letters, digits and -, starting with a letter.');
    const root = path.resolve(values.root ?? '/');
    if (root === '/' && process.getuid?.() !== 0) fail('install writes to /etc and /opt: run it as root (sudo), or with --root DIR.');
    const known = await checkToken(server, token);
    if (known.ok) process.stdout.write(`The server knows this token: agent "${known.agent}".\n`);
    else if (known.fatal) fail(`the server refused the token: ${known.message}`);
    else process.stdout.write(`Warning: ${known.message}; installing anyway, the agent will keep trying.\n`);
    const installed = installService({ server, token, agentFile: process.argv[1]!, nodePath: process.execPath, name, root, concurrency: values.concurrency ? concurrency : undefined });
    const under = (file: string) => path.join(root, file);
    process.stdout.write(
      `Installed:\n  ${under(installed.agent)}\n  ${under(installed.environment)} (mode 0600: the server and token)\n  ${under(installed.unit)}\n` +
        `Start it now and at every boot with:\n  ${installed.startCommand}\nFollow its log with:\n  journalctl -u ${name} -f\n`,
    );
    return;
  }
  const metricsPort = values['metrics-port'] === undefined ? undefined : Number(values['metrics-port']);
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 1 || metricsPort > 65535)) fail('--metrics-port must be a port from 1 to 65535.');

  const log = createLogger(level, format);
  const spoolDir = path.resolve(values.spool ?? path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'watchpost-agent'));
  log.info('agent.start', { version: AGENT_VERSION, server, spool: spoolDir, concurrency });
  keepHeapCompact();
  const agent = startAgent({ server, token, spoolDir, concurrency, log, metricsPort });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('agent.stop', { signal });
    void agent.stop(10_000).then(() => {
      log.info('agent.stopped', { spooledBatches: agent.delivery.spooledBatches });
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
