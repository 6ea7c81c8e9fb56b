/**
 * A local stand-in for Neon's HTTP SQL endpoint (what `neon()` of
 * @neondatabase/serverless posts to; `neonConfig.fetchEndpoint` points here in
 * local mode only). Dev/test only, served by dev/ws-proxy.ts at `POST /sql`.
 *
 * The wire format, as driver 1.2 speaks it (see shared field notes):
 *   request   JSON `{query, params}` or `{queries: [{query, params}, …]}`, headers
 *             Neon-Connection-String, Neon-Array-Mode, Neon-Raw-Text-Output,
 *             Neon-Batch-Isolation-Level / -Read-Only / -Deferrable;
 *   answer    `{command, rowCount, fields: [{name, dataTypeID}], rows: [[text…]]}`
 *             (a batch: `{results: […]}`), values as Postgres text — the driver
 *             parses them by type OID;
 *   errors    HTTP 400 JSON with `message` and Postgres' error fields
 *             (the driver copies them onto NeonDbError); an unreachable
 *             Postgres answers 503, a body over the cap 413.
 *
 * Like Neon, it keeps a pool of Postgres connections per connection string,
 * reused across requests: no request pays a connect. A batch runs on one
 * connection in one transaction (BEGIN … COMMIT); any failure rolls the whole
 * batch back.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';

export interface NeonHttpOptions {
  /** host:port pairs the endpoint may connect to */
  allowedTargets: ReadonlySet<string>;
  /** connections per connection string (default 10) */
  poolSize?: number;
  /** largest request body (default 10 MiB) */
  maxBodyBytes?: number;
}

interface QueryData {
  query: string;
  params?: unknown[];
}

/** Postgres' text for every type: the driver parses by OID, as it does with Neon's answers. */
const rawText = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

const ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

const ISOLATION: Record<string, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createNeonHttpHandler(opts: NeonHttpOptions) {
  const pools = new Map<string, pg.Pool>();
  const poolSize = opts.poolSize ?? 10;
  const maxBody = opts.maxBodyBytes ?? 10 * 1024 * 1024;

  function poolFor(connectionString: string): pg.Pool {
    const url = new URL(connectionString);
    const target = `${url.hostname}:${url.port || 5432}`;
    if (!opts.allowedTargets.has(target)) throw new HttpError(403, `target ${target} is not allowed`);
    url.search = ''; // the driver appends ?application_name=…: one pool per database and role
    const key = url.toString();
    let pool = pools.get(key);
    if (!pool) {
      // waiting for a free connection is queued like Neon's pooler (PgBouncer) queues it: long, not a failure
      pool = new pg.Pool({ connectionString: key, max: poolSize, connectionTimeoutMillis: 30_000, idleTimeoutMillis: 60_000, application_name: 'neon-http-local' });
      pool.on('error', () => {}); // an idle connection dropped by the server: the pool replaces it
      // a connection lost mid-query (Postgres stopped, backend terminated): the query rejects, the process lives on
      pool.on('connect', (client) => client.on('error', () => {}));
      pools.set(key, pool);
    }
    return pool;
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) throw new HttpError(413, `request body over ${maxBody} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBody) throw new HttpError(413, `request body over ${maxBody} bytes`);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  const run = (client: pg.PoolClient, q: QueryData) =>
    client.query({ text: q.query, values: q.params ?? [], rowMode: 'array', types: rawText }) as Promise<pg.QueryArrayResult>;

  const shape = (r: pg.QueryArrayResult) => ({
    command: r.command,
    rowCount: r.rowCount,
    fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID, tableID: f.tableID, columnID: f.columnID, dataTypeSize: f.dataTypeSize, dataTypeModifier: f.dataTypeModifier, format: f.format })),
    rows: r.rows,
    rowAsArray: true,
  });

  async function batch(client: pg.PoolClient, queries: QueryData[], headers: IncomingMessage['headers']) {
    const iso = ISOLATION[String(headers['neon-batch-isolation-level'] ?? '')];
    const readOnly = headers['neon-batch-read-only'] === 'true';
    const deferrable = headers['neon-batch-deferrable'] === 'true';
    const begin = `BEGIN${iso ? ` ISOLATION LEVEL ${iso}` : ''}${readOnly ? ' READ ONLY' : ''}${deferrable ? ' DEFERRABLE' : ''}`;
    // one statement after the other on one connection (Postgres is next door: a round trip costs tens of µs)
    await client.query(begin);
    const results: ReturnType<typeof shape>[] = [];
    try {
      for (const q of queries) results.push(shape(await run(client, q)));
      const commit = await client.query('COMMIT');
      // a COMMIT of a failed transaction answers ROLLBACK without an error: never report that as success
      if (commit.command !== 'COMMIT') throw new HttpError(500, `batch ended with ${commit.command}`);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
    return { results };
  }

  function sendJson(res: ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'POST') throw new HttpError(405, 'POST only');
      const conn = req.headers['neon-connection-string'];
      if (typeof conn !== 'string' || !conn) throw new HttpError(400, 'Neon-Connection-String header missing');
      const pool = poolFor(conn);
      const text = await readBody(req);
      let body: { query?: string; params?: unknown[]; queries?: QueryData[] };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        throw new HttpError(400, 'request body is not JSON');
      }
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        const e = err as { code?: string; message?: string };
        // a Postgres error (wrong password, missing database): answer as Neon does, with its fields
        if (e.code && /^[0-9A-Z]{5}$/.test(e.code)) throw err;
        throw new HttpError(503, `could not connect to Postgres: ${e.message ?? String(err)}`);
      }
      let broken = false;
      try {
        if (Array.isArray(body.queries)) sendJson(res, 200, await batch(client, body.queries, req.headers));
        else if (typeof body.query === 'string') sendJson(res, 200, shape(await run(client, { query: body.query, params: body.params ?? [] })));
        else throw new HttpError(400, 'expected {query, params} or {queries}');
      } catch (err) {
        const code = (err as { code?: string }).code;
        broken = !code || code.startsWith('08') || code.startsWith('57');
        throw err;
      } finally {
        client.release(broken);
      }
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof HttpError) return sendJson(res, err.status, { message: err.message });
      const e = err as Record<string, unknown> & { message?: string };
      if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
        const fields: Record<string, unknown> = { message: e.message ?? 'error' };
        for (const f of ERROR_FIELDS) if (e[f] !== undefined) fields[f] = e[f];
        return sendJson(res, 400, fields);
      }
      sendJson(res, 503, { message: `database connection failed: ${e.message ?? String(err)}` });
    }
  }

  return {
    handle,
    async close() {
      await Promise.all([...pools.values()].map((p) => p.end().catch(() => {})));
      pools.clear();
    },
  };
}
