/**
 * Bench-only Worker for `npm run bench:checkout`'s profile: runs pieces of the
 * checkout path — the storefront's own modules, unchanged — inside the same
 * workerd, with timing around every I/O. Never deployed; bundled by the bench
 * and reachable as Host `probe.bench` with the storefront's bindings.
 *
 *   GET  /pg        one query over Neon's HTTP transport (as the storefront's reads)
 *   GET  /pg-tx     one two-statement batch transaction (as checkout's)
 *   GET  /redis     one cart read (CartStore.get of an absent cart: one EVAL through the bridge)
 *   POST /checkout  placeOrder() as POST /api/v1/checkout runs it (manual payment), with every
 *                   database round trip (batch), the Redis calls and the outbox publish timed;
 *                   answers 201 with the timings as JSON (waits for the background work)
 *
 * JavaScript (as bench/ablation/stubs): it imports storefront modules, which type-check
 * only in the storefront project, not in the root one that covers bench/.
 *
 * Clocks in workerd advance only across I/O, so these timings are I/O waits
 * (including time queued behind other requests' CPU on the same thread).
 */
import { sql } from "drizzle-orm";
import { database } from "../../db/client";
import { CartStore } from "../../workers/storefront/src/cart/store";
import { placeOrder } from "../../workers/storefront/src/checkout/place-order";
import { manualProvider } from "../../workers/storefront/src/payments/manual";
import { redisFromEnv } from "../../edge/redis";
function label(statements) {
  const first = statements.map((q) => (q.queryChunks ?? []).map((c) => (Array.isArray(c?.value) ? c.value.join("") : "")).join(" ")).map((t) => t.replace(/\s+/g, " ").trim().toLowerCase());
  const kind = (t) => {
    const m = /^(?:with .*?\b)?(insert into|update|delete from|select .*? from) "?(\w+)"?/.exec(t);
    return m ? `${m[1].split(" ")[0]} ${m[2]}` : t.slice(0, 24);
  };
  return `batch of ${statements.length} (${first.map(kind).join(", ").slice(0, 160)})`;
}
/** The seam's Database with every HTTP round trip timed (batches by their statements; drizzle queries as "http query"). */
function timedDatabase(env, timings, t0) {
  const d = database({ databaseUrl: env.DATABASE_URL, localProxy: env.NEON_LOCAL_WS_PROXY || void 0 });
  const rec = (l, start) => timings.push({ label: l, start: start - t0, ms: Date.now() - start });
  return {
    db: d.db,
    sql: d.sql,
    transaction: d.transaction,
    async batch(statements, options) {
      const start = Date.now();
      try {
        return await d.batch(statements, options);
      } finally {
        rec(label(statements), start);
      }
    }
  };
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
      const d = timedDatabase(env, timings, t0);
      if (url.pathname === "/pg") await timed("http query (select 1)", () => d.sql.query("select 1"));
      else await d.batch([sql`select 1`, sql`select 2`]);
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
      const d = timedDatabase(env, timings, t0);
      const background = [];
      let status = 0;
      try {
        const result = await placeOrder(
          {
            db: d,
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
        return new Response(`checkout failed: ${err instanceof Error ? err.message : String(err)}`, { status: 500 });
      }
      const responseReady = Date.now() - t0;
      if (status === 201) background.push(timed("redis cart delete", () => store.delete(cartId)));
      await timed("after-commit background (outbox publish, cart delete)", () => Promise.allSettled(background));
      return Response.json({ status, timings, responseReady, total: Date.now() - t0 }, { status: status === 201 ? 201 : 500 });
    }
    return new Response("not found", { status: 404 });
  }
};
export {
  stdin_default as default
};
