// Started by tests/integration/escalation-failover.test.ts as a separate process: an app
// instance's background work alone (leader election, escalation round, delivery worker),
// on the test file's database, to be killed with SIGKILL the way a crashed instance dies.
import { startBackgroundWork } from '@/lib/background';

startBackgroundWork();
process.stdout.write('started\n');
