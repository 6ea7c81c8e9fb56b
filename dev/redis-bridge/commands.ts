/**
 * Request → Redis command parsing, in the three forms of the Upstash REST API:
 * a JSON array body (`POST /`), a 2-D JSON array (`/pipeline`, `/multi-exec`),
 * and the URL path form (`/set/k/v?EX=10`, POST body appended as last arg).
 */

export type Arg = string | Buffer;
export interface RedisCommand {
  name: string;
  args: Arg[];
}

/** A request the bridge rejects as a whole with HTTP 400. */
export class BadRequest extends Error {}

/** Commands that cannot run on the bridge's single shared connection. */
const REFUSED: Record<string, string> = {
  ...Object.fromEntries(
    ['blpop', 'brpop', 'brpoplpush', 'blmove', 'blmpop', 'bzpopmin', 'bzpopmax', 'bzmpop', 'wait', 'waitaof'].map(
      (c) => [c, 'blocking command'],
    ),
  ),
  ...Object.fromEntries(
    ['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe', 'monitor'].map((c) => [
      c,
      'pub/sub and monitor streams are not supported',
    ]),
  ),
  ...Object.fromEntries(
    ['multi', 'exec', 'discard', 'watch', 'unwatch'].map((c) => [c, 'use the /multi-exec endpoint for transactions']),
  ),
  ...Object.fromEntries(
    ['select', 'hello', 'auth', 'quit', 'reset', 'sync', 'psync', 'shutdown'].map((c) => [
      c,
      'connection-level command',
    ]),
  ),
};

/** Why a command is refused, or null when it may be sent to Redis. */
export function refusalReason(cmd: RedisCommand): string | null {
  const name = cmd.name.toLowerCase();
  const reason = REFUSED[name];
  if (reason) return `ERR Command is not supported by the local Upstash bridge: ${cmd.name} (${reason})`;
  if ((name === 'xread' || name === 'xreadgroup') && cmd.args.some((a) => argText(a).toLowerCase() === 'block')) {
    return `ERR Command is not supported by the local Upstash bridge: ${cmd.name} with BLOCK (blocking command)`;
  }
  return null;
}

function argText(a: Arg): string {
  return typeof a === 'string' ? a : a.toString('utf8');
}

function toArg(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new BadRequest(`ERR invalid command: ${where} must be a string, number or boolean`);
}

/** `["SET","k","v","EX",10]` */
export function commandFromJson(value: unknown, where = 'command'): RedisCommand {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest(`ERR invalid command: ${where} must be a non-empty JSON array`);
  }
  const [name, ...rest] = value as unknown[];
  if (typeof name !== 'string' || name === '') {
    throw new BadRequest(`ERR invalid command: ${where} must start with the command name`);
  }
  return { name, args: rest.map((v, i) => toArg(v, `${where} argument ${i + 1}`)) };
}

/** `[["SET","k","v"],["GET","k"]]` */
export function commandsFromJson(value: unknown): RedisCommand[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest('ERR invalid request: body must be a non-empty JSON array of commands');
  }
  return value.map((c, i) => commandFromJson(c, `command ${i + 1}`));
}

/** `/set/k/v?EX=10`, with a POST body appended after the path segments. */
export function commandFromPath(url: URL, body: Buffer | null): RedisCommand {
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new BadRequest('ERR invalid request: malformed URL path encoding');
      }
    });
  const [name, ...args] = segments;
  if (!name) throw new BadRequest('ERR invalid request: no command given');
  const all: Arg[] = [...args];
  if (body && body.length > 0) all.push(body);
  for (const [key, value] of url.searchParams) {
    if (key === '_token') continue;
    all.push(key);
    if (value !== '') all.push(value);
  }
  return { name, args: all };
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BadRequest(`ERR invalid request: body is not valid JSON (${(err as Error).message})`);
  }
}
