/**
 * Runs parsed commands on Redis through one shared ioredis connection:
 * single commands, non-atomic pipelines and atomic MULTI/EXEC transactions.
 * Replies come back raw (buffer mode) for encode.ts to turn into JSON.
 */
import { ReplyError, type Redis } from 'ioredis';
import { BadRequest, refusalReason, type RedisCommand } from './commands';

/** A command's raw reply, or the error Redis (or the bridge) answered with. */
export type Outcome = { result: unknown } | { error: string };

/** Redis could not be reached or the connection broke: HTTP 500, not a command error. */
export class BackendError extends Error {}

/**
 * ioredis rewrites the arguments and replies of some commands, looked up by
 * their exact lower-case name (hgetall → object, hset/mset with an object arg,
 * zrange … withscores / hrandfield / xread pair reshaping). The bridge must pass
 * Redis' replies through untouched, so it sends names upper-cased: Redis is
 * case-insensitive, ioredis' command flags (blocking, subscriber mode…) are
 * checked case-insensitively, and no transformer matches.
 */
function wireName(cmd: RedisCommand): string {
  return cmd.name.toUpperCase();
}

function isReplyError(err: unknown): err is Error {
  return err instanceof Error && (err instanceof ReplyError || err.name === 'ReplyError');
}

function backendError(err: unknown): BackendError {
  const msg = err instanceof Error ? err.message : String(err);
  return new BackendError(`ERR local Upstash bridge cannot reach Redis: ${msg}`);
}

export async function runCommand(redis: Redis, cmd: RedisCommand): Promise<Outcome> {
  const refused = refusalReason(cmd);
  if (refused) return { error: refused };
  try {
    return { result: await redis.callBuffer(wireName(cmd), cmd.args) };
  } catch (err) {
    if (isReplyError(err)) return { error: err.message };
    throw backendError(err);
  }
}

/** Non-atomic: commands are written in order on the connection, each answered on its own. */
export async function runPipeline(redis: Redis, cmds: RedisCommand[]): Promise<Outcome[]> {
  return Promise.all(cmds.map((cmd) => runCommand(redis, cmd)));
}

/**
 * Atomic MULTI … EXEC. A command Redis rejects while queueing (unknown command,
 * wrong arity) or one the bridge refuses discards the whole transaction
 * (BadRequest → HTTP 400 `{"error": ...}`); errors raised while executing stay
 * per command, the other commands still run — as on Upstash and Redis.
 */
export async function runMultiExec(redis: Redis, cmds: RedisCommand[]): Promise<Outcome[]> {
  for (const cmd of cmds) {
    const refused = refusalReason(cmd);
    if (refused) throw new BadRequest(refused);
  }
  const tx = redis.multi();
  for (const cmd of cmds) tx.callBuffer(wireName(cmd), cmd.args);
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await tx.exec();
  } catch (err) {
    if (isReplyError(err)) {
      const previous = (err as Error & { previousErrors?: Error[] }).previousErrors;
      throw new BadRequest(previous?.[0]?.message ?? err.message);
    }
    throw backendError(err);
  }
  if (!replies) throw new BadRequest('EXECABORT Transaction discarded');
  return replies.map(([err, result]) => {
    if (!err) return { result };
    if (isReplyError(err)) return { error: err.message };
    throw backendError(err);
  });
}
