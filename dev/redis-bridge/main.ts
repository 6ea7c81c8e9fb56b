/**
 * CLI: `tsx dev/redis-bridge/main.ts`
 *
 *   REDIS_URL                  default redis://127.0.0.1:6379
 *   VITRINE_REDIS_BRIDGE_PORT  default 54322
 *   UPSTASH_REDIS_REST_TOKEN   default vitrine-local-token
 *   VITRINE_REDIS_BRIDGE_VERBOSE=1  log every request
 *
 * Starts redis-server if nothing answers locally, then serves the Upstash
 * REST protocol; Ctrl-C / SIGTERM closes everything.
 */
import { devPorts } from '../ports';
import { ensureRedis } from './ensure-redis';
import { startRedisBridge } from './server';

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const port = devPorts.redisBridge; // VITRINE_REDIS_BRIDGE_PORT, default 54322
  const token = process.env.UPSTASH_REDIS_REST_TOKEN || 'vitrine-local-token';
  const log = (msg: string) => console.log(`[redis-bridge] ${msg}`);

  const redis = await ensureRedis(redisUrl, { log });
  const bridge = await startRedisBridge({
    port,
    redisUrl,
    token,
    log,
    logRequests: process.env.VITRINE_REDIS_BRIDGE_VERBOSE === '1',
  });
  console.log(`UPSTASH_REDIS_REST_URL=${bridge.url}`);
  console.log(`UPSTASH_REDIS_REST_TOKEN=${token}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: closing`);
    await bridge.close();
    await redis.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`[redis-bridge] ${(err as Error).message ?? String(err)}`);
  process.exit(1);
});
