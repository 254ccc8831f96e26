// `${NAME}` in watchpost.yaml: a value from the environment of whoever runs `watchpost apply`,
// so secrets stay out of the file (and out of git). Shared by the CLI (which sends the values
// the file names) and the server (which substitutes them). `$${` writes a literal `${`.
// No imports: the one-file CLI bundles it.

export interface PathProblem {
  /** "channels[1].url" */
  path: (string | number)[];
  message: string;
}

/** Channel fields that hold secrets: write them as `${NAME}` (apply warns about a secret written inline). */
export const SECRET_CHANNEL_FIELDS = ['url', 'headers', 'botToken', 'token', 'routingKey', 'apiKey', 'userKey'] as const;

/** "monitors[2].intervalSeconds": how the API and the CLI name a place in a document. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Whether `path` is a channel's secret (channels[i].url, .botToken, .token, .routingKey, .apiKey, .userKey, .headers.<name>). */
export function isSecretPath(path: readonly (string | number)[]): boolean {
  return path[0] === 'channels' && typeof path[1] === 'number' && (SECRET_CHANNEL_FIELDS as readonly unknown[]).includes(path[2]) && path.length === (path[2] === 'headers' ? 4 : 3);
}

function walk(value: unknown, path: (string | number)[], visit: (text: string, path: (string | number)[]) => unknown): unknown {
  if (typeof value === 'string') return visit(value, path);
  if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index], visit));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key], visit)]));
  }
  return value;
}

/** The names of the environment variables the document refers to. */
export function referencedNames(document: unknown): string[] {
  const names = new Set<string>();
  walk(document, [], (text) => {
    for (const match of text.matchAll(REFERENCE)) if (!match[1]) names.add(match[2]!);
    return text;
  });
  return [...names].sort();
}

export interface Substituted {
  document: unknown;
  /** A reference to an unset variable outside a secret. */
  errors: PathProblem[];
  /** A secret written inline. */
  warnings: PathProblem[];
  /** Secrets whose variable is not set: a channel that exists keeps its saved one; a new channel cannot be made. */
  unsetSecrets: { path: (string | number)[]; name: string }[];
}

/** The document with each `${NAME}` replaced by its value in `env`. */
export function substituteEnv(document: unknown, env: Record<string, string | undefined>): Substituted {
  const out: Substituted = { document: undefined, errors: [], warnings: [], unsetSecrets: [] };
  const unset = Symbol('unset');
  out.document = walk(document, [], (text, path) => {
    const secret = isSecretPath(path);
    let missing: string | null = null;
    let referred = false;
    const value = text.replace(REFERENCE, (whole, escaped: string, name: string) => {
      if (escaped) return whole.slice(1);
      referred = true;
      const found = env[name];
      if (found === undefined) missing ??= name;
      return found ?? '';
    });
    if (secret && !referred && text !== '') {
      out.warnings.push({ path, message: 'A secret written in the file: prefer a ${NAME} reference to an environment variable, so the file can go into git.' });
    }
    if (missing === null) return value;
    if (secret) {
      out.unsetSecrets.push({ path, name: missing });
      return unset;
    }
    out.errors.push({ path, message: `\${${missing}} is not set in the environment.` });
    return value;
  });
  // A secret left unset is absent: the saved one stays (for headers, all of them).
  const channels = (out.document as { channels?: unknown } | null)?.channels;
  if (Array.isArray(channels)) {
    for (const channel of channels) {
      if (!channel || typeof channel !== 'object') continue;
      const fields = channel as Record<string, unknown>;
      for (const [key, value] of Object.entries(fields)) {
        if (value === unset) delete fields[key];
        if (key === 'headers' && value && typeof value === 'object' && Object.values(value).includes(unset)) delete fields[key];
      }
    }
  }
  return out;
}
