// Runs once when a server instance boots (npm start or a bare `next start`).
export async function register() {
  // The literal NEXT_RUNTIME check is what lets Next drop the Node-only import from its
  // edge bundle; it is the one read of process.env outside lib/env.ts.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationAtBoot } = await import('./lib/boot');
    if (checkConfigurationAtBoot()) {
      const { startBackgroundWork } = await import('./lib/background');
      startBackgroundWork();
    }
  }
}
