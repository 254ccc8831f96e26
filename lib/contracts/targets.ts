import { isIP } from 'node:net';

// What each monitor type accepts as its target. Shared with the agent (lib/contracts is
// the part of the server the agent may import).

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

export function isHostname(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label));
}

export function isHost(value: string): boolean {
  return isIP(value) !== 0 || isHostname(value);
}

/** `host:port` or `[ipv6]:port` → its parts, or null. */
export function parseHostPort(value: string): { host: string; port: number } | null {
  const match = /^\[([0-9a-f:.]+)\]:(\d{1,5})$/i.exec(value) ?? /^([^:\s[\]]+):(\d{1,5})$/.exec(value);
  if (!match) return null;
  const host = match[1]!;
  const port = Number(match[2]);
  const bracketed = value.startsWith('[');
  if (bracketed ? isIP(host) !== 6 : !isHost(host) || isIP(host) === 6) return null;
  return port >= 1 && port <= 65535 ? { host, port } : null;
}

/** The problem with `target` for a monitor of `type`, or null when it is fine. */
export function targetProblem(type: string, target: string): string | null {
  switch (type) {
    case 'http': {
      if (!/^https?:\/\/[^/\s?#]/i.test(target)) return 'Enter a URL that starts with http:// or https://, like https://example.com/health.';
      try {
        const url = new URL(target);
        return isHost(url.hostname.replace(/^\[|\]$/g, '')) ? null : 'That URL has no valid host name.';
      } catch {
        return 'That is not a valid URL.';
      }
    }
    case 'tcp':
    case 'tls':
      return parseHostPort(target)
        ? null
        : 'Enter host:port with a port from 1 to 65535, like db.internal:5432 or [2001:db8::1]:443.';
    case 'ping':
      return isHost(target) ? null : 'Enter a host name or an IP address, like example.com or 192.0.2.1.';
    case 'dns':
      return isHostname(target) ? null : 'Enter a host name to look up, like example.com.';
    default:
      return 'Choose a monitor type.';
  }
}

/** The host a target points at (for the built-in agent's private-address rule). */
export function hostOfTarget(type: string, target: string): string | null {
  if (type === 'http') {
    try {
      return new URL(target).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return null;
    }
  }
  if (type === 'tcp' || type === 'tls') return parseHostPort(target)?.host ?? null;
  return target;
}

function ipv4Private(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

/** Loopback, private, link-local or unique-local, as a literal or a name that is local by definition. */
export function isPrivateHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost') || lower.endsWith('.local') || lower.endsWith('.internal')) return true;
  if (isIP(lower) === 4) return ipv4Private(lower);
  if (isIP(lower) === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return ipv4Private(mapped[1]!);
    return lower === '::1' || lower === '::' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
  }
  return false;
}
