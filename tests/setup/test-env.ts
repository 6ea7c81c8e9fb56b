/**
 * Addresses of this test run's local stack, chosen once in vitest.config.ts
 * (free ports, a throwaway database name) and shared with the global setup
 * through process.env — the config and the global setup run in one process.
 */
import { createServer } from 'node:net';

export interface TestEnv {
  runId: string;
  pgPort: number;
  wsProxyPort: number;
  controlPort: number;
  databaseName: string;
  /** set when VITRINE_TEST_DATABASE_URL points at an external server */
  externalUrl: string | undefined;
  databaseUrl: string;
  wsProxy: string;
  controlUrl: string;
  redisBridgePort: number;
  redisRestUrl: string;
  redisToken: string;
  /** Redis behind the bridge; tests use DB 0 of the machine's Redis with per-run key prefixes */
  redisUrl: string;
}

export const TEST_PG_PASSWORD = 'vitrine-test';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function resolveTestEnv(): Promise<TestEnv> {
  if (!process.env.VITRINE_TEST_RUN_ID) {
    process.env.VITRINE_TEST_RUN_ID = `${Date.now().toString(36)}${process.pid.toString(36)}`;
    process.env.VITRINE_TEST_PG_PORT = String(await freePort());
    process.env.VITRINE_TEST_WS_PROXY_PORT = String(await freePort());
    process.env.VITRINE_TEST_CONTROL_PORT = String(await freePort());
    process.env.VITRINE_TEST_REDIS_BRIDGE_PORT = String(await freePort());
  }
  const runId = process.env.VITRINE_TEST_RUN_ID;
  const pgPort = Number(process.env.VITRINE_TEST_PG_PORT);
  const wsProxyPort = Number(process.env.VITRINE_TEST_WS_PROXY_PORT);
  const controlPort = Number(process.env.VITRINE_TEST_CONTROL_PORT);
  const redisBridgePort = Number(process.env.VITRINE_TEST_REDIS_BRIDGE_PORT);
  const databaseName = `vitrine_test_${runId}`;
  const externalUrl = process.env.VITRINE_TEST_DATABASE_URL || undefined;
  let databaseUrl: string;
  if (externalUrl) {
    const u = new URL(externalUrl);
    u.pathname = `/${databaseName}`;
    databaseUrl = u.toString();
  } else {
    databaseUrl = `postgres://postgres:${TEST_PG_PASSWORD}@127.0.0.1:${pgPort}/${databaseName}`;
  }
  return {
    runId,
    pgPort,
    wsProxyPort,
    controlPort,
    databaseName,
    externalUrl,
    databaseUrl,
    wsProxy: `127.0.0.1:${wsProxyPort}`,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    redisBridgePort,
    redisRestUrl: `http://127.0.0.1:${redisBridgePort}`,
    redisToken: `vitrine-test-${runId}`,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}
