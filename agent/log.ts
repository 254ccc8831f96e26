// One line per event: `2026-11-25T12:00:00.000Z info config.loaded monitors=12`, or the
// same as JSON with --log-format json.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = Record<LogLevel, (event: string, fields?: Record<string, unknown>) => void>;

export function createLogger(level: LogLevel = 'info', format: 'text' | 'json' = 'text', write = (line: string) => process.stderr.write(`${line}\n`)): Logger {
  const emit = (at: LogLevel) => (event: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const time = new Date().toISOString();
    if (format === 'json') return write(JSON.stringify({ time, level: at, event, ...fields }));
    const rest = Object.entries(fields)
      .map(([key, value]) => `${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`)
      .join(' ');
    write(`${time} ${at} ${event}${rest ? ` ${rest}` : ''}`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
