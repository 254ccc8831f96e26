// watchpost: a team's setup as code (docs/config.md). `export` writes watchpost.yaml from the
// server; `apply` shows what the file would change and makes it so, all or nothing.
// Built into one dependency-free file (scripts/build-agent.ts) served at /cli/watchpost.mjs.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, stringify } from 'yaml';
import { fieldPath, referencedNames, substituteEnv } from '@/lib/config/env';
import packageJson from '../package.json';

declare const __WATCHPOST_CLI_VERSION__: string | undefined;
const VERSION: string = typeof __WATCHPOST_CLI_VERSION__ === 'string' ? __WATCHPOST_CLI_VERSION__ : packageJson.version;

const HELP = `Usage: watchpost export > watchpost.yaml
       watchpost apply -f watchpost.yaml [--dry-run] [--prune] [--yes]

Keeps a Watchpost team's agents, monitors, notification channels, status pages and
maintenance windows in a file (in git), through the management API.

Commands:
  export               Print the team's setup as YAML. Secrets are \${NAME} references:
                       set those variables where you run apply.
  apply -f FILE        Show the plan (create, change field by field, delete with --prune),
                       ask, then apply it in one transaction: all of it or nothing.
                       New agents' tokens are printed once.

Options:
  --server URL         The Watchpost server (or WATCHPOST_SERVER).
  --token TOKEN        An API token, wpt_… (or WATCHPOST_API_TOKEN): a viewer's exports,
                       an editor's applies. Team admins make them on Settings → API tokens.
  -f, --file FILE      The file to apply (- reads standard input).
  --dry-run            Print the plan and change nothing; exit 2 when there are changes
                       (a CI drift check), 0 when there are none.
  --prune              Also delete what the team has and the file does not name.
  --yes                Apply without asking (CI).
  --version            The CLI's version.
  --help               This text.

Exit status: 0 done (or nothing to do), 1 error, 2 changes found by --dry-run.
`;

class CliError extends Error {}

interface Problem {
  field?: string;
  message: string;
}

interface PlanItem {
  kind: string;
  name: string;
  action: 'create' | 'update' | 'delete' | 'unchanged';
  changes: { field: string; from?: unknown; to?: unknown }[];
}

interface ApplyResult {
  applied: boolean;
  planHash: string;
  plan: PlanItem[];
  summary: { create: number; update: number; delete: number; unchanged: number };
  warnings: Problem[];
  created: { kind: string; name: string; secret: string; what: string }[];
}

const KIND_NOUN: Record<string, string> = { agents: 'agent', monitors: 'monitor', channels: 'channel', statusPages: 'status page', maintenance: 'maintenance' };

/** "monitors[2].options.method" → ["monitors", 2, "options", "method"] */
function pathOf(field: string): (string | number)[] {
  return [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] !== undefined ? Number(match[2]) : match[1]!));
}

/** The file's line of a field (or of the deepest part of its path that is in the file). */
function lineOf(document: ReturnType<typeof parseDocument>, lines: LineCounter, path: (string | number)[]): number | null {
  let node: unknown = document.contents;
  let offset: number | null = (node as Node | null)?.range?.[0] ?? null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === key);
      if (!pair) break;
      node = pair.value;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? (node as Node | null)?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) break;
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset === null ? null : lines.linePos(offset).line;
}

async function api(server: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  let response: Response;
  try {
    response = await fetch(new URL(path, server), {
      method,
      headers: { authorization: `Bearer ${token}`, 'user-agent': `watchpost-cli/${VERSION}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new CliError(`cannot reach ${server}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new CliError(`${server} answered ${response.status} with something that is not the Watchpost API (${text.slice(0, 80)}).`);
  }
  return { status: response.status, json };
}

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null));

function printPlan(result: ApplyResult, out: (line: string) => void) {
  const sign = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;
  for (const item of result.plan) {
    if (item.action === 'unchanged') continue;
    out(`${sign[item.action]} ${KIND_NOUN[item.kind] ?? item.kind} “${item.name}”${item.action === 'delete' ? ' (deleted)' : ''}`);
    if (item.action !== 'update') continue;
    for (const change of item.changes) {
      if (!('from' in change) && !('to' in change)) out(`    ${change.field}: changed`);
      else if (!('from' in change)) out(`    ${change.field}: + ${show(change.to)}`);
      else if (!('to' in change)) out(`    ${change.field}: - ${show(change.from)}`);
      else out(`    ${change.field}: ${show(change.from)} → ${show(change.to)}`);
    }
  }
  const { create, update, delete: removed, unchanged } = result.summary;
  out(`Plan: ${create} to create, ${update} to change, ${removed} to delete, ${unchanged} unchanged.`);
}

async function exportCommand(server: string, token: string) {
  const { status, json } = await api(server, token, 'GET', '/api/v1/export');
  if (status !== 200) throw new CliError(json?.error?.message ?? `export failed (${status}).`);
  const header = [
    `# yaml-language-server: $schema=${new URL('/api/v1/watchpost.schema.json', server).href}`,
    `# A Watchpost team's setup, exported ${new Date().toISOString()}. Apply: watchpost apply -f watchpost.yaml`,
    ...(json.env.length ? ['# Set these where you run apply (the secrets are not in this file):', ...json.env.map((name: string) => `#   ${name}`)] : []),
  ];
  process.stdout.write(`${header.join('\n')}\n${stringify(json.document, { lineWidth: 0 })}`);
}

async function applyCommand(server: string, token: string, file: string, flags: { dryRun: boolean; prune: boolean; yes: boolean }) {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const label = file === '-' ? 'stdin' : file;
  const lines = new LineCounter();
  const parsed = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (field: string | undefined) => {
    const line = field ? lineOf(parsed, lines, pathOf(field)) : null;
    return `${label}${line ? `:${line}` : ''}: ${field ? `${field}: ` : ''}`;
  };
  if (parsed.errors.length) {
    for (const error of parsed.errors) process.stderr.write(`${label}:${lines.linePos(error.pos[0]).line}: ${error.message.split('\n')[0]}\n`);
    throw new CliError('the file is not valid YAML: nothing was applied.');
  }
  const document = parsed.toJS() ?? {};
  const env = Object.fromEntries(referencedNames(document).flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])));
  const local = substituteEnv(document, env);
  for (const warning of local.warnings) process.stderr.write(`${at(fieldPath(warning.path))}warning: ${warning.message}\n`);

  const request = { document, env, prune: flags.prune };
  const plan = await api(server, token, 'POST', '/api/v1/apply', { ...request, dryRun: true });
  const refused = (answer: { status: number; json: any }) => {
    const error = answer.json?.error;
    for (const detail of (error?.details ?? []) as Problem[]) process.stderr.write(`${at(detail.field)}${detail.message}\n`);
    return new CliError(error?.message ?? `the server answered ${answer.status}.`);
  };
  if (plan.status !== 200) throw refused(plan);
  const result = plan.json as ApplyResult;
  printPlan(result, (line) => process.stdout.write(`${line}\n`));
  const changes = result.summary.create + result.summary.update + result.summary.delete;
  if (flags.dryRun) return changes ? 2 : 0;
  if (!changes) {
    process.stdout.write('Nothing to do.\n');
    return 0;
  }
  if (!flags.yes) {
    if (!process.stdin.isTTY) throw new CliError('not applied: confirm with --yes when not at a terminal.');
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = (await prompt.question('Apply this plan? Type yes: ')).trim();
    prompt.close();
    if (answer !== 'yes') {
      process.stdout.write('Not applied.\n');
      return 1;
    }
  }
  const applied = await api(server, token, 'POST', '/api/v1/apply', { ...request, dryRun: false, planHash: result.planHash });
  if (applied.status !== 200) throw refused(applied);
  const done = applied.json as ApplyResult;
  for (const secret of done.created) process.stdout.write(`${KIND_NOUN[secret.kind] ?? secret.kind} “${secret.name}” ${secret.what} (shown once): ${secret.secret}\n`);
  process.stdout.write(`Applied: ${done.summary.create} created, ${done.summary.update} changed, ${done.summary.delete} deleted.\n`);
  return 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      file: { type: 'string', short: 'f' },
      'dry-run': { type: 'boolean' },
      prune: { type: 'boolean' },
      yes: { type: 'boolean' },
      help: { type: 'boolean' },
      version: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help || values.version) {
    process.stdout.write(values.help ? HELP : `watchpost ${VERSION}\n`);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (extra.length || (command !== 'export' && command !== 'apply')) throw new CliError(command ? `unknown command "${positionals.join(' ')}".` : 'say export or apply.');
  const server = values.server ?? process.env.WATCHPOST_SERVER;
  const token = values.token ?? process.env.WATCHPOST_API_TOKEN;
  if (!server || !/^https?:\/\/[^/\s]+/.test(server)) throw new CliError('--server (or WATCHPOST_SERVER) must be the server’s http:// or https:// URL.');
  if (!token) throw new CliError('--token (or WATCHPOST_API_TOKEN) is required: an API token, wpt_….');
  if (command === 'export') return exportCommand(server, token).then(() => 0);
  if (!values.file) throw new CliError('apply needs the file: -f watchpost.yaml');
  return applyCommand(server, token, values.file, { dryRun: !!values['dry-run'], prune: !!values.prune, yes: !!values.yes });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`watchpost: ${error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  },
);
