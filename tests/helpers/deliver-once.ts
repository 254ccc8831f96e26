// A worker in its own process, for the test that kills one with SIGKILL mid-send. It uses
// the same environment (DATABASE_URL, keys) as the test file that spawns it.
import { deliverDue } from '@/lib/notifications/worker';

void deliverDue().then(() => process.exit(0));
