// postinstall: guard postgres.js 3.4.9 against a crash when the database connection
// closes while a small write waits in its setImmediate batch. Unpatched, `nextWrite`
// calls `socket.write` on the `null` socket `closed()` left behind, throwing from a timer
// callback: an uncaughtException that takes the whole server down exactly when the
// database goes away (porsager/postgres#1154, #1208; fix proposed in PR #1209, not
// released). Our test that stops PostgreSQL under ingest load hits it now and then.
//
// The patch makes `nextWrite` settle instead: with no socket it drops the buffered
// bytes and fails the waiting queries with CONNECTION_CLOSED (catchable, mapped to 503),
// and teardown forgets the cancelled timer and the buffer, so a reconnected connection
// neither stays silent nor sends the old connection's bytes. Idempotent; refuses to run
// on another postgres.js version, where the code it patches may have moved or been fixed.
//
// Second patch: a COPY … FROM STDIN that the server refuses after the writable was ended
// (ingest's COPY meeting a duplicate) never settles the writable, so the transaction hangs
// and its connection leaks "idle in transaction (aborted)" (porsager/postgres#1173; the
// fix of PR #1183, not released): `errored()` now calls the pending final callback with
// the server's error, and the writable fails with it.
//
// Fourth patch (index.js): a transaction whose COMMIT the server answers with ROLLBACK
// resolved as if committed. That happens when the transaction was already aborted, and
// behind a transaction pooler (PgBouncer, pool_mode = transaction) it happened by itself:
// `sql.begin` sends `commit` as a named prepared statement, cached from an earlier
// transaction on another server connection; the server answers "prepared statement does
// not exist", which aborts the transaction; postgres.js retries the statement
// (retryRoutines), and COMMIT in an aborted transaction "succeeds" with the tag ROLLBACK.
// The caller saw success and nothing was stored. Now `begin` rejects with
// TRANSACTION_ROLLED_BACK unless the server answered COMMIT.
//
// Fifth patch: every connection's socket gets TCP_NODELAY, as libpq, PgBouncer and pgjdbc
// set it. postgres.js leaves Nagle's algorithm on, so a message written in more than one
// piece (a COPY's data, a large Bind) waits for the server's delayed ACK: 40 ms on Linux.
// Measured on ingest, one batch of 500 at a time: 107 ms before, 22 ms after (the COPY
// 51 → 9 ms, the state UPDATE 48 → 6 ms).
//
// Third patch (index.js): the pool exposes no counts, and an operator needs to see a pool
// that runs dry. `sql.watchpostPool()` reports its queues' lengths (read by /metrics).
const fs = require('node:fs');
const path = require('node:path');

const EXPECTED_VERSION = '3.4.9';
const root = path.resolve(__dirname, '..', 'node_modules', 'postgres');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
if (version !== EXPECTED_VERSION) {
  console.error(`scripts/patch-postgres.cjs: postgres.js is ${version}, the patch is for ${EXPECTED_VERSION}: check whether it is still needed, then update or remove it.`);
  process.exit(1);
}

const NULL_SOCKET = '/* watchpost: null-socket guard */';
const COPY_ERROR = '/* watchpost: failed COPY settles */';
const POOL_STATS = '/* watchpost: pool stats */';
const COMMIT_CHECK = '/* watchpost: commit must commit */';
const NO_DELAY = '/* watchpost: TCP_NODELAY */';
const patches = [
  {
    file: 'connection.js',
    mark: NULL_SOCKET,
    replacements: [
      [
        '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
        `  function nextWrite(fn) {\n    if (!socket) { ${NULL_SOCKET}\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
      ],
      ['    clearImmediate(nextWriteTimer)\n    if (socket) {', '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {'],
      ['    clearImmediate(nextWriteTimer)\n    socket.removeListener(', '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener('],
    ],
  },
  {
    file: 'connection.js',
    mark: COPY_ERROR,
    replacements: [['    stream && (stream.destroy(err), stream = null)\n', `    stream && (stream.destroy(err), stream = null)\n    final && (final(err), final = null) ${COPY_ERROR}\n`]],
  },
  {
    file: 'connection.js',
    mark: NO_DELAY,
    replacements: [["    x.on('error', error)\n    x.on('close', closed)\n", `    x.setNoDelay && x.setNoDelay(true) ${NO_DELAY}\n    x.on('error', error)\n    x.on('close', closed)\n`]],
  },
  {
    file: 'index.js',
    mark: POOL_STATS,
    replacements: [
      [
        '  Object.assign(sql, {\n    get parameters() { return options.parameters },\n',
        `  Object.assign(sql, {\n    get parameters() { return options.parameters },\n    watchpostPool: () => ({ queued: queries.length, connecting: connecting.length, reserved: reserved.length, open: open.length, busy: busy.length, full: full.length, max: options.max }), ${POOL_STATS}\n`,
      ],
    ],
  },
  {
    file: 'index.js',
    mark: COMMIT_CHECK,
    replacements: [
      [
        '          : await sql`commit`\n',
        `          : await sql\`commit\`.then(x => { ${COMMIT_CHECK}\n            if (x.command !== 'COMMIT')\n              throw Errors.generic('TRANSACTION_ROLLED_BACK', 'The database rolled the transaction back instead of committing it (COMMIT answered ' + x.command + '): nothing it wrote was stored')\n          })\n`,
      ],
    ],
  },
];

for (const variant of ['src', 'cjs/src', 'cf/src']) {
  for (const name of new Set(patches.map((patch) => patch.file))) {
    const file = path.join(root, variant, name);
    let source = fs.readFileSync(file, 'utf8');
    for (const { mark, replacements } of patches.filter((patch) => patch.file === name)) {
      if (source.includes(mark)) continue;
      for (const [from, to] of replacements) {
        if (source.split(from).length !== 2) {
          console.error(`scripts/patch-postgres.cjs: ${file} does not contain the expected code once; not patched.`);
          process.exit(1);
        }
        source = source.replace(from, to);
      }
    }
    fs.writeFileSync(file, source);
  }
}
