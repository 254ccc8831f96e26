import { execFile } from 'node:child_process';

/** `npm run admin -- …` as the operator runs it: a child process with the given environment on top of this one's. */
export function runAdmin(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions', 'react-server', '--import', 'tsx', 'scripts/admin.ts', ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
