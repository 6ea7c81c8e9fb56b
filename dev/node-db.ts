/**
 * Postgres from Node scripts (seed, publish, migrations, tests) through the
 * same Neon driver and local WebSocket proxy the Workers use.
 */
import { neonConfig } from '@neondatabase/serverless';
import { WebSocket } from 'ws';
import { createDb, type DbHandle } from '../db/client';

export function createNodeDb(databaseUrl: string, localWsProxy: string | undefined, max = 5): DbHandle {
  // Node 20 has no global WebSocket; Workers do.
  neonConfig.webSocketConstructor = WebSocket;
  return createDb({ databaseUrl, localWsProxy, max });
}
