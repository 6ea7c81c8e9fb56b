/**
 * Bench-only Worker for `npm run bench:checkout`'s profile: runs pieces of the
 * checkout path — the storefront's own modules, unchanged — inside the same
 * workerd, with timing around every I/O. Never deployed; bundled by the bench
 * and reachable as Host `probe.bench` with the storefront's bindings.
 *
 *   GET  /pg        a per-request Pool (as the storefront's): connect, `select 1`, close
 *   GET  /pg-tx     the same + begin/commit around it
 *   GET  /redis     one cart read (CartStore.get of an absent cart: one EVAL through the bridge)
 *   POST /checkout  placeOrder() as POST /api/v1/checkout runs it (manual payment), with every
 *                   Postgres query, the Redis calls, the outbox publish and pool.end() timed;
 *                   answers 201 with the timings as JSON (waits for the background work)
 *
 * JavaScript (as bench/ablation/stubs): it imports storefront modules, which type-check
 * only in the storefront project, not in the root one that covers bench/.
 *
 * Clocks in workerd advance only across I/O, so these timings are I/O waits
 * (including time queued behind other requests' CPU on the same thread).
 */
import { createDb } from "../../db/client";
import { CartStore } from "../../workers/storefront/src/cart/store";
import { placeOrder } from "../../workers/storefront/src/checkout/place-order";
import { manualProvider } from "../../workers/storefront/src/payments/manual";
import { redisFromEnv } from "../../edge/redis";
function label(q) {
  const text = typeof q === "string" ? q : typeof q?.text === "string" ? q.text : "?";
  const t = text.replace(/\s+/g, " ").trim().toLowerCase();
  if (/^(begin|commit|rollback)/.test(t)) return t.split(" ")[0];
  const m = /^(insert into|update|delete from) "?(\w+)"?/.exec(t) ?? /^select .*? from "?(\w+)"?/.exec(t) ?? /^with .*?\b(insert into|update|delete from) "?(\w+)"?/.exec(t);
  if (!m) return t.slice(0, 40);
  return m.length === 3 ? `${m[1].split(" ")[0]} ${m[2]}` : `select ${m[1]}`;
}
function instrument(h, timings, t0) {
  const wrapped = /* @__PURE__ */ new WeakSet();
  const rec = (l, start) => timings.push({ label: l, start: start - t0, ms: Date.now() - start });
  const wrapClient = (client) => {
    if (!client || wrapped.has(client)) return;
    wrapped.add(client);
    const q = client.query.bind(client);
    client.query = (...args) => {
      const start = Date.now();
      const l = label(args[0]);
      const last = args[args.length - 1];
      if (typeof last === "function") {
        args[args.length - 1] = (...a) => (rec(l, start), last(...a));
        return q(...args);
      }
      const p = q(...args);
      if (p && typeof p.then === "function") p.then(() => rec(l, start), () => rec(l, start));
      return p;
    };
  };
  const pool = h.pool;
  const connect = pool.connect.bind(pool);
  pool.connect = (...args) => {
    const start = Date.now();
    const cb = args[0];
    if (typeof cb === "function") {
      return connect((err, client, done) => {
        rec("pool.connect", start);
        if (!err) wrapClient(client);
        cb(err, client, done);
      });
    }
    return connect().then((client) => (rec("pool.connect", start), wrapClient(client), client));
  };
}
function db(env) {
  return createDb({ databaseUrl: env.DATABASE_URL, localWsProxy: env.NEON_LOCAL_WS_PROXY || void 0, max: 1 });
}
var stdin_default = {
  async fetch(request, env) {
    const url = new URL(request.url);
    const t0 = Date.now();
    const timings = [];
    const timed = async (l, fn) => {
      const start = Date.now();
      try {
        return await fn();
      } finally {
        timings.push({ label: l, start: start - t0, ms: Date.now() - start });
      }
    };
    if (url.pathname === "/pg" || url.pathname === "/pg-tx") {
      const h = db(env);
      instrument(h, timings, t0);
      if (url.pathname === "/pg") await h.pool.query("select 1");
      else await h.db.transaction(async (tx) => void await tx.execute("select 1"));
      await timed("pool.end", () => h.close());
      return Response.json({ timings, total: Date.now() - t0 });
    }
    if (url.pathname === "/redis") {
      const store = new CartStore(redisFromEnv(env));
      await timed("redis cart read", () => store.get("0".repeat(43)));
      return Response.json({ timings, total: Date.now() - t0 });
    }
    if (url.pathname === "/checkout" && request.method === "POST") {
      const cartId = request.headers.get("cart-id") ?? "";
      const key = request.headers.get("idempotency-key") ?? "";
      const provider = manualProvider;
      const store = new CartStore(redisFromEnv(env));
      const h = db(env);
      instrument(h, timings, t0);
      const background = [];
      let status = 0;
      try {
        const result = await placeOrder(
          {
            db: h,
            provider,
            orderLinkSecret: env.ORDER_LINK_SECRET ?? "",
            queues: { "catalog.": env.CATALOG_EVENTS, "order.": env.ORDER_EVENTS },
            paymentTimeoutMs: 1e4,
            waitUntil: (p) => background.push(p),
            log: () => {
            }
          },
          {
            channel: "api",
            cartId,
            loadCart: async () => {
              const vc = await timed("redis cart read", () => store.get(cartId));
              if (!vc) throw new Error("cart not found");
              return vc.cart;
            },
            body: { payment: { provider: "manual" } },
            idempotencyKey: key,
            customerId: null,
            origin: "https://storefront.bench"
          }
        );
        status = result.response.status;
      } catch (err) {
        await h.close();
        return new Response(`checkout failed: ${err instanceof Error ? err.message : String(err)}`, { status: 500 });
      }
      const responseReady = Date.now() - t0;
      if (status === 201) background.push(timed("redis cart delete", () => store.delete(cartId)));
      await timed("after-commit background (outbox publish, cart delete)", () => Promise.allSettled(background));
      await timed("pool.end", () => h.close());
      return Response.json({ status, timings, responseReady, total: Date.now() - t0 }, { status: status === 201 ? 201 : 500 });
    }
    return new Response("not found", { status: 404 });
  }
};
export {
  stdin_default as default
};
