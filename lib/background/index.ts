import 'server-only';
import { sweepOfflineAgents } from '@/lib/agents/authenticate';
import { runIn, sqlClient } from '@/db';
import { getEnv, sessionDatabaseUrl } from '@/lib/env';
import { onShutdown, untilDeadline } from '@/lib/lifecycle';
import { enqueueReminders } from '@/lib/notifications/enqueue';
import { onDeliveryWake } from '@/lib/notifications/wake';
import { deliverDue } from '@/lib/notifications/worker';
import { handleMaintenanceRound } from '@/lib/maintenance/round';
import { runEscalations } from '@/lib/escalation/round';
import { runSloAlerts } from '@/lib/slo/round';
import { queueDueReports } from '@/lib/reports/schedules';
import { log } from '@/lib/observability/log';
import { metrics } from '@/lib/observability/metrics';
import { deleteExpiredAuditEvents, deleteExpiredHeartbeats, deleteExpiredIdempotencyKeys, deleteExpiredNotifications, deleteExpiredRollups } from '@/lib/retention/delete-expired';
import { resumeTimedPauses } from '@/lib/monitors/manage';
import { prepareHeartbeatPartitions } from '@/lib/retention/partitions';
import { refreshRollups } from '@/lib/rollups/refresh';
import { refreshMonitorSummaries, SUMMARIES_EVERY_MS } from '@/lib/rollups/summaries';
import { sweepLatePushMonitors } from '@/lib/checks/push/sweep';
import { sendCertificateWarnings } from '@/lib/checks/certificates/warnings';
import { refreshDomainExpiries, sendDomainWarnings } from '@/lib/checks/domains/refresh';
import { BuiltinAgentRunner } from './builtin-agent';
import { leadership } from './leader';

// Followers ask for the background lock this often, so when the leader hands it over
// (SIGTERM) or dies, another instance takes over within seconds. One cheap query each.
const LEADER_POLL_MS = 2_000;
// The leader's own round (sweep, reminders, built-in agent refresh): also how soon the
// built-in agent picks up monitor changes.
const LEADER_ROUND_MS = 15_000;
const RETENTION_EVERY_MS = 60 * 60_000;
// New heartbeats reach the rollups within this (plus the refresh's own time): well inside
// the 60 s DESIGN.md allows. Each refresh also recomputes the days it touched from their
// hours, so refreshing much more often would cost a busy database more for nothing.
const ROLLUPS_EVERY_MS = 15_000;
// Every instance sends notifications; a due one goes out within this.
const DELIVER_EVERY_MS = 2_000;
const REMINDERS_EVERY_MS = 60_000;
// SLO burn alerts (the shortest burn window is 5 minutes) and due scheduled reports: once a minute.
const SLO_ALERTS_EVERY_MS = 60_000;
// Push monitors whose ping is overdue are marked down within this of their deadline
// (DESIGN.md: within 15 s); one indexed query when none is due.
const PUSH_SWEEP_EVERY_MS = 5_000;
// Escalation steps are due at stored times; the leader fires what is due within this.
const ESCALATE_EVERY_MS = 5_000;
// Domain expiry: RDAP lookups (each domain at most daily) and their warnings.
const DOMAINS_EVERY_MS = 10 * 60_000;

let started = false;

/** Run `work` unless it is already running; `running()` is the current run, for shutdown to wait on. */
function single(work: () => Promise<void>) {
  let current: Promise<void> | null = null;
  return {
    run: () => {
      current ??= work().finally(() => {
        current = null;
      });
      return current;
    },
    running: () => current ?? Promise.resolve(),
  };
}

/** Start the background loop of this instance (from instrumentation, once per process). */
export function startBackgroundWork(): void {
  if (started) return;
  started = true;
  const lock = leadership(sessionDatabaseUrl(getEnv()));
  let stopping = false;
  let lastRound = 0;
  let lastRetention = 0;
  let lastReminders = 0;
  let lastSloAlerts = 0;
  let lastDomains = 0;
  let lastSummaries = 0;
  let builtin: BuiltinAgentRunner | null = null;

  const leaderRound = async () => {
    await sweepOfflineAgents(getEnv().WATCHPOST_AGENT_POLL_SECONDS).catch((error: unknown) =>
      log.error('Agent offline sweep failed; it runs again shortly.', { error }),
    );
    if (Date.now() - lastReminders >= REMINDERS_EVERY_MS) {
      lastReminders = Date.now();
      await enqueueReminders(runIn(sqlClient())).catch((error: unknown) => log.error('Reminders failed; tried again in a minute.', { error }));
    }
    if (Date.now() - lastSloAlerts >= SLO_ALERTS_EVERY_MS) {
      lastSloAlerts = Date.now();
      await runSloAlerts().catch((error: unknown) => log.error('SLO alerts failed; tried again in a minute.', { error }));
      await queueDueReports().catch((error: unknown) => log.error('Queueing scheduled reports failed; tried again in a minute.', { error }));
    }
    await resumeTimedPauses().catch((error: unknown) => log.error('Resuming monitors paused for a time failed; it runs again shortly.', { error }));
    await handleMaintenanceRound().catch((error: unknown) => log.error('Maintenance round failed; it runs again shortly.', { error }));
    await sendCertificateWarnings().catch((error: unknown) => log.error('Certificate expiry warnings failed; tried again shortly.', { error }));
    if (Date.now() - lastDomains >= DOMAINS_EVERY_MS) {
      lastDomains = Date.now();
      await refreshDomainExpiries()
        .then(() => sendDomainWarnings())
        .catch((error: unknown) => log.error('Domain expiry lookups failed; tried again in 10 minutes.', { error }));
    }
    builtin ??= new BuiltinAgentRunner();
    await builtin.refresh().catch((error: unknown) => log.error('Built-in agent: cannot load monitors.', { error }));
    if (Date.now() - lastRetention >= RETENTION_EVERY_MS) {
      lastRetention = Date.now();
      // The weeks ahead (two of them, so a leader away for days is no harm) and the split of
      // rows that landed in the default partition, before retention drops the oldest weeks.
      await prepareHeartbeatPartitions()
        .then((added) => added.length > 0 && log.info('Heartbeat partitions added.', { partitions: added }))
        .catch((error: unknown) => log.error('Adding heartbeat partitions failed; tried again within the hour.', { error }));
      try {
        const heartbeats = await deleteExpiredHeartbeats();
        const rollups = await deleteExpiredRollups();
        const notifications = await deleteExpiredNotifications();
        const auditEvents = await deleteExpiredAuditEvents();
        const idempotencyKeys = await deleteExpiredIdempotencyKeys();
        if (heartbeats + rollups + notifications + auditEvents + idempotencyKeys > 0) {
          log.info('Retention: deleted expired rows.', { heartbeats, rollups, notifications, auditEvents, idempotencyKeys });
        }
      } catch (error) {
        log.error('Retention failed; it runs again within the hour.', { error });
      }
    }
  };

  const tick = single(async () => {
    if (stopping) return;
    const was = lock.isLeader();
    const leader = await lock.tryAcquire();
    metrics().leader.set(leader ? 1 : 0);
    if (!leader) {
      // Leadership lost (or never had): the built-in agents run elsewhere.
      if (was) log.warn('This instance lost the background lock; another instance runs the background work.');
      await builtin?.stop();
      builtin = null;
      return;
    }
    if (!was) {
      log.info('This instance now runs the background work.');
      lastRound = 0;
    }
    if (Date.now() - lastRound < LEADER_ROUND_MS) return;
    lastRound = Date.now();
    await leaderRound();
  });

  const refresh = single(async () => {
    if (!lock.isLeader()) return;
    try {
      // A bulk load leaves many marks: keep going while there are more.
      while (!stopping && (await refreshRollups()).more && lock.isLeader());
    } catch (error) {
      log.error('Rollup refresh failed; it is tried again shortly.', { error });
    }
    // The dashboard's 24 h numbers per monitor, from the rollups just brought up to date.
    if (stopping || !lock.isLeader() || Date.now() - lastSummaries < SUMMARIES_EVERY_MS) return;
    lastSummaries = Date.now();
    await refreshMonitorSummaries().catch((error: unknown) => log.error('Monitor summaries refresh failed; it runs again shortly.', { error }));
  });

  const pushSweep = single(async () => {
    if (stopping || !lock.isLeader()) return;
    await sweepLatePushMonitors().catch((error: unknown) => log.error('Push monitor lateness sweep failed; it runs again shortly.', { error }));
  });

  const escalate = single(async () => {
    if (stopping || !lock.isLeader()) return;
    await runEscalations().catch((error: unknown) => log.error('Escalation round failed; it runs again shortly.', { error }));
  });

  const deliver = single(async () => {
    try {
      // A backlog drains batch after batch; ingest keeps its own pool connections meanwhile.
      while (!stopping && (await deliverDue()) > 0);
    } catch (error) {
      log.error('Notification delivery failed; tried again shortly.', { error });
    }
  });

  onDeliveryWake(() => void deliver.run());
  void tick.run();
  const timers = [
    setInterval(() => void tick.run(), LEADER_POLL_MS),
    setInterval(() => void deliver.run(), DELIVER_EVERY_MS),
    setInterval(() => void refresh.run(), ROLLUPS_EVERY_MS),
    setInterval(() => void pushSweep.run(), PUSH_SWEEP_EVERY_MS),
    setInterval(() => void escalate.run(), ESCALATE_EVERY_MS),
  ];
  for (const timer of timers) timer.unref();

  onShutdown({
    name: 'background work',
    order: 0,
    // Sends under way finish (each has a 10 s timeout of its own); no new batch is claimed.
    // A send cut off at the deadline keeps its lease and goes out again from another
    // instance once the lease ends (at-least-once). Then the lock is given up, so a
    // follower takes over at its next poll.
    run: async (deadline) => {
      stopping = true;
      for (const timer of timers) clearInterval(timer);
      await untilDeadline(Promise.all([tick.running(), deliver.running(), refresh.running(), pushSweep.running(), escalate.running()]), deadline);
      await untilDeadline(builtin?.stop() ?? Promise.resolve(), deadline);
      builtin = null;
      const wasLeader = lock.isLeader();
      await lock.close();
      metrics().leader.set(0);
      if (wasLeader) log.info('Background lock released for another instance to take over.');
    },
  });
}
