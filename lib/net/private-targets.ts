import 'server-only';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateHost } from '@/lib/contracts/targets';

// Where the server itself connects on a user's behalf (the built-in agent's checks,
// notification webhooks), a production server must not become a way into its own
// network: loopback, private, link-local and unique-local addresses are refused unless
// the operator allows them. Names are resolved, so a public name for a private address
// is caught too.

/** The host, or one of the addresses it resolves to, is private. Unresolvable names are not (the connection fails anyway). */
export async function resolvesToPrivate(host: string): Promise<boolean> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isPrivateHost(bare)) return true;
  if (isIP(bare)) return false;
  const addresses = await lookup(bare, { all: true }).then(
    (all) => all.map((a) => a.address),
    () => [],
  );
  return addresses.some(isPrivateHost);
}
