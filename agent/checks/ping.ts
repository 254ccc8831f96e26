import { execFile } from 'node:child_process';
import type { CheckResult } from './types';

// A ping check with the system `ping` (iputils-ping): Node cannot send ICMP without
// privileges. Run with execFile, never a shell; the target was validated as a host.

export function checkPing(target: string, timeoutMs: number, binary = 'ping'): Promise<CheckResult> {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  return new Promise((resolve) => {
    execFile(
      binary,
      ['-n', '-c', '1', '-W', String(seconds), '--', target],
      { timeout: timeoutMs + 1000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const rtt = /time[=<]([\d.]+) ?ms/.exec(stdout);
        if (!error && rtt) return resolve({ status: 'up', latencyMs: Math.round(Number(rtt[1])) });
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT') {
          return resolve({ status: 'error', errorMessage: 'The ping program is not installed on the agent; install iputils-ping.' });
        }
        if ((error as { killed?: boolean } | null)?.killed) {
          return resolve({ status: 'timeout', errorMessage: `No reply within ${seconds} s` });
        }
        // iputils: exit 1 = no reply, exit 2 = another problem (bad host name…).
        const reason = stderr.trim().split('\n').at(-1)?.replace(/^ping: /, '') || 'No reply';
        resolve(
          (error as { code?: number } | null)?.code === 1
            ? { status: 'timeout', errorMessage: `No reply within ${seconds} s` }
            : { status: 'down', errorMessage: reason },
        );
      },
    );
  });
}
