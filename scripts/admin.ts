// npm run admin -- <command>: the operator's tasks, against the embedded database (the
// running app's, or started for the command) or DATABASE_URL with the server's settings.
// `npm run admin -- --help` lists every command. Exit code 1 on any error, 2 on bad usage.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { clusterDir, runningPostmaster } from '../db/embedded';
import { withMigrationConnection } from '../db/migration-connection';
import { migrationStatus } from '../db/migrator';
import { WAITLIST_STATES, type WaitlistState } from '../db/schema/waitlist-signups';
import { serverKey } from '../lib/crypto/agent-keys';
import { saveSecrets, secretsPath } from '../lib/crypto/secrets-file';
import { ConfigError, getEnv, readLaunchSettings } from '../lib/env';
import { AppError } from '../lib/errors';
import { openDatabase, type OpenedDatabase, useDatabaseEnv } from './database';

class UsageError extends Error {}

interface Command {
  usage: string;
  summary: string;
  /** Takes the database at any migration level (restore migrates it to the backup's). */
  anyLevel?: boolean;
  run(args: string[], database: OpenedDatabase): Promise<void>;
}

const commands: Record<string, Command> = {
  'set-plan': {
    usage: 'set-plan EMAIL free|pro',
    summary: "Move an account to another plan. A downgrade keeps what is over the new limits working and refuses new ones.",
    async run(args) {
      const [email, plan, ...rest] = args;
      if (!email || !plan || rest.length) throw new UsageError('set-plan takes an e-mail and a plan: set-plan EMAIL free|pro');
      const { setPlanByEmail } = await import('../lib/plans/set-plan');
      const result = await setPlanByEmail({ email, plan });
      console.log(result.changed ? `${email.toLowerCase()} is now on the ${plan.toLowerCase()} plan.` : `${email.toLowerCase()} is already on the ${plan.toLowerCase()} plan.`);
      for (const line of result.over) console.log(`  Now ${line}`);
    },
  },
  'users list': {
    usage: 'users list',
    summary: 'Every account with its plan, agents and monitors.',
    async run(args) {
      noMoreArgs(args);
      const { listUsers } = await import('../db/queries/operator');
      const rows = await listUsers();
      printTable(
        ['E-mail', 'Plan', 'Agents', 'Monitors', 'Created'],
        rows.map((row) => [row.email, row.plan, String(row.agents), String(row.monitors), iso(row.createdAt)]),
      );
      console.log(`${rows.length} account(s).`);
    },
  },
  'users reset-password': {
    usage: 'users reset-password EMAIL',
    summary: 'Print a one-time link (1 h) that sets the account\'s password and signs in, even with WATCHPOST_PASSWORD_LOGIN=false.',
    async run(args) {
      await printPasswordLink(args, false);
    },
  },
  'users create': {
    usage: 'users create EMAIL',
    summary: 'Make a local account (whatever WATCHPOST_REGISTRATION says) and print its one-time link to set a password.',
    async run(args) {
      await printPasswordLink(args, true);
    },
  },
  stats: {
    usage: 'stats',
    summary: 'Users by plan, agents, monitors, heartbeats of the last 24 h, waitlist by state.',
    async run(args) {
      noMoreArgs(args);
      const { operatorStats } = await import('../db/queries/operator');
      const stats = await operatorStats();
      const total = stats.usersByPlan.reduce((sum, row) => sum + row.count, 0);
      console.log(`Users:                  ${total}${stats.usersByPlan.map((row) => `  ${row.plan} ${row.count}`).join('')}`);
      console.log(`Agents:                 ${stats.agents}`);
      console.log(`Monitors:               ${stats.monitors}`);
      console.log(`Heartbeats, last 24 h:  ${stats.heartbeatsLast24h}`);
      const waitlist = Object.fromEntries(stats.waitlistByState.map((row) => [row.state, row.count]));
      console.log(`Waitlist:               ${WAITLIST_STATES.map((state) => `${state} ${waitlist[state] ?? 0}`).join('  ')}`);
    },
  },
  'waitlist list': {
    usage: 'waitlist list [--state waiting|invited|converted]',
    summary: 'The waitlist, oldest first.',
    async run(args) {
      const { values } = parseArgs({ args, options: { state: { type: 'string' } }, strict: true });
      const { listWaitlist } = await import('../db/queries/operator');
      const rows = await listWaitlist({ state: waitlistState(values.state) });
      printTable(
        ['E-mail', 'State', 'Joined', 'Source', 'What they monitor'],
        rows.map((row) => [row.email, row.state, iso(row.createdAt), row.source ?? '', oneLine(row.note ?? '', 60)]),
      );
      console.log(`${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}.`);
    },
  },
  'waitlist export': {
    usage: 'waitlist export --format csv [--state …]',
    summary: 'The waitlist as CSV on stdout (RFC 4180, safe to open in a spreadsheet).',
    async run(args) {
      const { values } = parseArgs({ args, options: { format: { type: 'string' }, state: { type: 'string' } }, strict: true });
      if (values.format !== 'csv') throw new UsageError('waitlist export needs --format csv (the one format there is).');
      const [{ listWaitlist }, { csvLine }] = await Promise.all([import('../db/queries/operator'), import('../lib/csv')]);
      const rows = await listWaitlist({ state: waitlistState(values.state) });
      process.stdout.write(csvLine(['email', 'state', 'joined_at', 'utm_source', 'referrer', 'what_they_monitor', 'invited_at', 'converted_at']));
      for (const row of rows) {
        process.stdout.write(
          csvLine([row.email, row.state, iso(row.createdAt), row.source, row.referrer, row.note, iso(row.invitedAt), iso(row.convertedAt)]),
        );
      }
    },
  },
  'waitlist invite': {
    usage: 'waitlist invite EMAIL… | --next N',
    summary: 'Single-use sign-up links (14 days) for the given addresses or the N longest waiting; e-mailed when SMTP is set.',
    async run(args) {
      const { values, positionals } = parseArgs({ args, options: { next: { type: 'string' } }, allowPositionals: true, strict: true });
      if (!!values.next === positionals.length > 0) throw new UsageError('waitlist invite takes e-mail addresses or --next N, not both.');
      const next = values.next === undefined ? undefined : Number(values.next);
      if (next !== undefined && (!Number.isInteger(next) || next < 1 || next > 1000)) throw new UsageError('--next takes a whole number from 1 to 1000.');
      const { emailSchema } = await import('../lib/auth/email');
      const emails = positionals.map((raw) => {
        const parsed = emailSchema.safeParse(raw);
        if (!parsed.success) throw new AppError('INVALID_INPUT', `"${raw}" is not an e-mail address.`);
        return parsed.data;
      });
      const { createInvitations } = await import('../lib/waitlist/invitations');
      const { sendInvitationMail } = await import('../lib/waitlist/invitation-mail');
      const { linkBaseUrl } = await import('../lib/env');
      const { mailConfigured, closeMail } = await import('../lib/mail/send');
      const invited = await createInvitations({ emails, next, baseUrl: linkBaseUrl() });
      if (invited.length === 0) console.log('Nobody is waiting: no invitation was made.');
      let failed = 0;
      try {
        for (const invitation of invited) {
          const added = invitation.added ? ' (added to the waitlist)' : '';
          let mailed = '';
          if (mailConfigured()) {
            mailed = await sendInvitationMail(invitation).then(
              () => ' — e-mailed',
              (error: unknown) => (failed++, ` — NOT e-mailed: ${error instanceof Error ? error.message : String(error)}`),
            );
          }
          console.log(`${invitation.email}${added}: ${invitation.url}${mailed}`);
        }
      } finally {
        closeMail();
      }
      if (invited.length) console.log(`Links expire ${iso(invited[0]!.expiresAt)}.${mailConfigured() ? '' : ' WATCHPOST_SMTP_URL is not set: send them yourself.'}`);
      if (failed) throw new Error(`${failed} invitation(s) could not be e-mailed; their links above still work.`);
    },
  },
  'notifications status': {
    usage: 'notifications status',
    summary: 'The notification outbox: queued, retrying, delivered and failed (24 h), the oldest due, failing channels.',
    async run(args) {
      noMoreArgs(args);
      const { notificationStatus } = await import('../db/queries/operator');
      const status = await notificationStatus();
      console.log(`Queued:                 ${status.queued}`);
      console.log(`Retrying:               ${status.retrying}`);
      console.log(`Delivered, last 24 h:   ${status.delivered_24h}`);
      console.log(`Failed, last 24 h:      ${status.failed_24h}`);
      console.log(`Oldest due:             ${status.oldest_due_seconds === null ? 'nothing due' : `${Math.round(status.oldest_due_seconds)} s ago`}`);
      console.log(`Failing channels:       ${status.failing_channels}`);
    },
  },
  backup: {
    usage: 'backup FILE',
    summary: 'Write every table to FILE (gzip), consistent while the app runs. The secrets are not in it: keep the data directory\'s secrets.json (embedded) or AUTH_SECRET and WATCHPOST_ENCRYPTION_KEY with it.',
    async run(args, database) {
      const [file, ...rest] = args;
      if (!file || rest.length) throw new UsageError('backup takes one file name: backup FILE');
      const { backupDatabase } = await import('../db/backup');
      const { tables, rows } = await backupDatabase(database.url, file);
      console.log(`Backed up ${rows.toLocaleString('en')} rows of ${tables} tables to ${file}.`);
      console.log(database.secrets ? `Keep ${secretsPath(readLaunchSettings().WATCHPOST_DATA_DIR)} with it: the backup's encrypted agent keys and channel secrets need it.` : 'Keep AUTH_SECRET and WATCHPOST_ENCRYPTION_KEY with it: the backup\'s encrypted agent keys and channel secrets need the key.');
    },
  },
  restore: {
    usage: 'restore FILE [--force]',
    summary: 'Load a backup into an empty database (migrated to the backup\'s level first); --force replaces everything in a database that has rows. All or nothing.',
    anyLevel: true,
    async run(args, database) {
      const { values, positionals } = parseArgs({ args, options: { force: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
      const [file, ...rest] = positionals;
      if (!file || rest.length) throw new UsageError('restore takes one file name: restore FILE [--force]');
      const { restoreDatabase } = await import('../db/backup');
      const { tables, rows } = await restoreDatabase(database.url, file, { force: values.force });
      console.log(`Restored ${rows.toLocaleString('en')} rows of ${tables} tables from ${file}.`);
    },
  },
  'rotate-encryption-key': {
    usage: 'rotate-encryption-key',
    summary:
      'Re-encrypt every agent key under a new server key. Production: set WATCHPOST_ENCRYPTION_KEY to the new key and WATCHPOST_ENCRYPTION_KEY_PREVIOUS to the old one(s) first; embedded: a new key is generated.',
    async run(args, database) {
      noMoreArgs(args);
      await rotateEncryptionKey(database);
    },
  },
};

async function rotateEncryptionKey(database: OpenedDatabase): Promise<void> {
  const settings = readLaunchSettings();
  const { reencryptStoredSecrets } = await import('../lib/agents/reencrypt');
  let currentKey: string;
  let acceptedKeys: string[];
  if (database.secrets) {
    const old = database.secrets;
    currentKey = randomBytes(32).toString('base64');
    acceptedKeys = [currentKey, old.encryptionKey, ...(old.previousEncryptionKeys ?? [])];
    // The file first: if the database step fails, both keys are still known.
    saveSecrets(settings.WATCHPOST_DATA_DIR, { ...old, encryptionKey: currentKey, previousEncryptionKeys: acceptedKeys.slice(1) });
  } else {
    const env = getEnv();
    currentKey = env.WATCHPOST_ENCRYPTION_KEY;
    acceptedKeys = [currentKey, ...env.WATCHPOST_ENCRYPTION_KEY_PREVIOUS];
  }
  const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
  try {
    const result = await reencryptStoredSecrets(sql, serverKey(currentKey), acceptedKeys.map(serverKey));
    console.log(`Re-encrypted ${result.reencrypted} secret(s) (agent keys, notification channels); ${result.alreadyCurrent} already used the current key.`);
  } finally {
    await sql.end();
  }
  if (database.secrets) {
    console.log('The new key is in the secrets file; the old one stays accepted.');
    if (runningPostmaster(clusterDir(settings.WATCHPOST_DATA_DIR))) console.log('Watchpost is running: restart it now so it uses the new key.');
  } else {
    console.log('Every agent key now uses WATCHPOST_ENCRYPTION_KEY; WATCHPOST_ENCRYPTION_KEY_PREVIOUS can be removed.');
  }
}

async function printPasswordLink(args: string[], create: boolean): Promise<void> {
  const [raw, ...rest] = args;
  const command = create ? 'users create' : 'users reset-password';
  if (!raw || rest.length) throw new UsageError(`${command} takes one e-mail address: ${command} EMAIL`);
  const { emailSchema } = await import('../lib/auth/email');
  const parsed = emailSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `"${raw}" is not an e-mail address.`);
  const { passwordResetLink } = await import('../lib/accounts/manage');
  const { linkBaseUrl } = await import('../lib/env');
  const link = await passwordResetLink({ email: parsed.data, create, baseUrl: linkBaseUrl() });
  if (create) console.log(`Made the account ${parsed.data}.`);
  console.log(`One-time link to set the password of ${parsed.data} and sign in (until ${iso(link.expiresAt)}):`);
  console.log(link.url);
}

function noMoreArgs(args: string[]): void {
  if (args.length) throw new UsageError(`Unexpected: ${args.join(' ')}`);
}

function waitlistState(value: string | undefined): WaitlistState | undefined {
  if (value === undefined) return undefined;
  if (!(WAITLIST_STATES as readonly string[]).includes(value)) throw new UsageError(`--state is one of ${WAITLIST_STATES.join(', ')}.`);
  return value as WaitlistState;
}

const iso = (time: Date | null) => (time ? time.toISOString().replace(/\.\d{3}Z$/, 'Z') : '');
const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

function help(): string {
  const width = Math.max(...Object.values(commands).map((command) => command.usage.length));
  return [
    'usage: npm run admin -- <command>',
    '',
    ...Object.values(commands).map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
    'Uses DATABASE_URL (with the server\'s other settings) when it is set, else the embedded database in WATCHPOST_DATA_DIR.',
  ].join('\n');
}

/** The command named by the first one or two words. */
function findCommand(argv: string[]): { command: Command; args: string[] } | null {
  const two = commands[argv.slice(0, 2).join(' ')];
  if (two) return { command: two, args: argv.slice(2) };
  const one = commands[argv[0] ?? ''];
  return one ? { command: one, args: argv.slice(1) } : null;
}

async function main(argv: string[]): Promise<void> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(help());
    return;
  }
  const found = findCommand(argv);
  if (!found) throw new UsageError(`Unknown command: ${argv.join(' ')}\n\n${help()}`);
  const database = await openDatabase(readLaunchSettings(), { reuseRunning: true, log: (line) => console.error(line) });
  try {
    useDatabaseEnv(database);
    getEnv();
    const pending = found.command.anyLevel ? [] : await withMigrationConnection(database.url, async (conn) => (await migrationStatus(conn)).filter((m) => !m.applied));
    if (pending.length) {
      throw new Error(`The database is missing ${pending.length} migration(s): start Watchpost once or run \`make migrate-up\` first.`);
    }
    await found.command.run(found.args, database);
  } finally {
    const { closeDatabase } = await import('../db');
    await closeDatabase();
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    }
    const message = error instanceof ConfigError ? error.problems.join('\n') : error instanceof Error ? error.message : String(error);
    console.error(`Failed: ${message}`);
    process.exit(1);
  },
);
