/**
 * Structured logs: one JSON object per line, picked up by Workers Logs /
 * Logpush. Never put PII here (no emails, addresses, tokens, full query strings).
 */
import type { Context } from 'hono';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export function log(c: Context | undefined, level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({
    level,
    msg,
    time: new Date().toISOString(),
    requestId: c?.get('requestId'),
    ...fields,
  });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
