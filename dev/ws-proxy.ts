/**
 * The local Neon proxy, one server at NEON_LOCAL_WS_PROXY's address:
 *   POST /sql   Neon's HTTP SQL protocol over pooled `pg` connections
 *               (dev/neon-http.ts) — what `neon()` and drizzle's neon-http use;
 *   /v1         a WebSocket-to-TCP proxy speaking the protocol of Neon's
 *               wsproxy (`ws://host:port/v1?address=<pg-host>:<pg-port>`, binary
 *               frames carry the raw Postgres wire protocol) — what the
 *               driver's Pool uses for interactive transactions.
 * Lets @neondatabase/serverless reach a local Postgres exactly as it reaches
 * Neon in production. Dev/test only.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createNeonHttpHandler } from './neon-http';

export interface WsProxyOptions {
  port: number;
  host?: string;
  /** the only host:port pairs the proxy will open connections to */
  allowedTargets: string[];
  log?: (msg: string) => void;
  /** pooled connections per connection string behind POST /sql (default 10) */
  httpPoolSize?: number;
}

export interface WsProxy {
  url: string;
  /** host:port, the value for NEON_LOCAL_WS_PROXY */
  address: string;
  close(): Promise<void>;
}

export async function startWsProxy(opts: WsProxyOptions): Promise<WsProxy> {
  const host = opts.host ?? '127.0.0.1';
  const allowed = new Set(opts.allowedTargets);
  const sockets = new Set<Socket>();
  const sql = createNeonHttpHandler({ allowedTargets: allowed, poolSize: opts.httpPoolSize ?? 10 });
  const server = createServer((req, res) => {
    if (req.url === '/sql' || req.url?.startsWith('/sql?')) {
      void sql.handle(req, res);
      return;
    }
    res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required\n');
  });
  server.keepAliveTimeout = 60_000;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const address = url.searchParams.get('address') ?? '';
    if (url.pathname !== '/v1' || !allowed.has(address)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridge(ws, address));
  });

  function bridge(ws: WebSocket, address: string) {
    const idx = address.lastIndexOf(':');
    const tcp = connect({ host: address.slice(0, idx), port: Number(address.slice(idx + 1)) });
    tcp.setNoDelay(true);
    sockets.add(tcp);
    const pending: Buffer[] = [];
    let connected = false;
    tcp.on('connect', () => {
      connected = true;
      for (const b of pending) tcp.write(b);
      pending.length = 0;
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (connected) tcp.write(buf);
      else pending.push(buf);
    });
    tcp.on('data', (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk);
    });
    const closeBoth = () => {
      sockets.delete(tcp);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    tcp.on('error', (err) => {
      opts.log?.(`tcp ${address}: ${err.message}`);
      closeBoth();
    });
    tcp.on('close', closeBoth);
    ws.on('close', closeBoth);
    ws.on('error', closeBoth);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `ws://${host}:${port}/v1`,
    address: `${host}:${port}`,
    async close() {
      for (const s of sockets) s.destroy();
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sql.close();
    },
  };
}

/** Closes every proxied connection without stopping the proxy: used by tests to simulate a database outage. */
export type { Socket };
