/**
 * `npm run bench:publish` — publish-to-visible on the local stack: how long
 * from an admin price change (PUT /admin/api/v1/products/:id) until the
 * storefront's product JSON and product page show the new price, through
 * outbox → jobs OutboxRelay → queue → KV projection → edge-cache purge.
 *
 * Runs the real `dev/stack.ts` (embedded Postgres, Redis bridge, wrangler dev
 * with storefront, jobs and admin) in a temporary folder. Each sample warms the
 * product's cache entries first (so a stale copy would be served without the
 * purge), changes one price and polls every 25 ms. Local only: wrangler dev's
 * queue batching (max_batch_timeout = 1 s) dominates; production Queues differ.
 *
 * Environment: BENCH_SAMPLES (10).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startStack } from '../dev/stack';
import { freePort, sleep } from './lib/http';

const samples = Number(process.env.BENCH_SAMPLES ?? 10);
const dir = await mkdtemp(join(tmpdir(), 'vitrine-bench-publish-'));
await chmod(dir, 0o755);
const stack = await startStack({
  ports: { postgres: await freePort(), wsProxy: await freePort(), redisBridge: await freePort(), storefront: await freePort(), jobs: await freePort(), admin: await freePort() },
  pgDataDir: join(dir, 'pg', 'data'),
  persistDir: join(dir, 'state'),
  ephemeral: true,
  quiet: true,
});
const db = new pg.Client({ connectionString: stack.databaseUrl });
try {
  await db.connect();
  // a bench-only owner, written straight to Postgres with the admin's password hashing
  const email = `bench-${Date.now()}@bench.test`;
  const password = 'bench owner passphrase, local only';
  const edgeAuthPath = '../edge/auth/index.ts';
  const { createPasswordHasher } = (await import(edgeAuthPath)) as { createPasswordHasher(): { hash(p: string): Promise<string> } };
  await db.query(`insert into admin_users (email, name, role, password_hash) values ($1, 'Bench', 'owner', $2)`, [email, await createPasswordHasher().hash(password)]);
  const csrf = 'd'.repeat(43);
  const admin = stack.adminUrl!;
  const login = await fetch(`${admin}/admin/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: admin, cookie: `__Host-vt-csrf=${csrf}`, 'x-csrf-token': csrf }, body: JSON.stringify({ email, password }) });
  const session = /__Host-vt-admin=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))![1];
  const headers = { 'content-type': 'application/json', origin: admin, cookie: `__Host-vt-csrf=${csrf}; __Host-vt-admin=${session}`, 'x-csrf-token': csrf };
  const { rows } = await db.query<{ id: string; handle: string }>(`select id, handle from products where status = 'active' order by handle limit $1`, [samples]);
  const json: number[] = [];
  const page: number[] = [];
  for (const p of rows) {
    const sf = stack.storefrontUrl;
    for (const path of [`/api/v1/products/${p.handle}`, `/products/${p.handle}`]) for (let i = 0; i < 2; i++) await (await fetch(`${sf}${path}`)).arrayBuffer();
    const cur = (await (await fetch(`${admin}/admin/api/v1/products/${p.id}`, { headers })).json()) as Record<string, unknown> & { variants: { id: string; sku: string; title: string; optionValues: unknown; weightGrams: number; prices: Record<string, { amount: number; compareAtAmount: number | null }> }[] };
    const next = cur.variants[0]!.prices.USD!.amount + 100;
    const body = {
      handle: cur.handle, title: cur.title, description: cur.description, vendor: cur.vendor, tags: cur.tags, status: cur.status, seoTitle: cur.seoTitle, seoDescription: cur.seoDescription,
      options: cur.options, collectionIds: cur.collectionIds,
      variants: cur.variants.map((v, i) => ({ id: v.id, sku: v.sku, title: v.title, optionValues: v.optionValues, weightGrams: v.weightGrams, prices: i === 0 ? { ...v.prices, USD: { amount: next, compareAtAmount: null } } : v.prices })),
    };
    const t0 = performance.now();
    const put = await fetch(`${admin}/admin/api/v1/products/${p.id}`, { method: 'PUT', headers, body: JSON.stringify(body) });
    if (put.status !== 200) throw new Error(`PUT ${put.status}: ${await put.text()}`);
    let tJson = 0;
    let tPage = 0;
    const price = `$${(next / 100).toFixed(2)}`;
    while ((!tJson || !tPage) && performance.now() - t0 < 30_000) {
      if (!tJson) {
        const doc = (await (await fetch(`${sf}/api/v1/products/${p.handle}`)).json()) as { variants: { id: string; prices: { USD?: { amount: number } } }[] };
        if (doc.variants.find((v) => v.id === cur.variants[0]!.id)?.prices.USD?.amount === next) tJson = performance.now() - t0;
      }
      if (!tPage && (await (await fetch(`${sf}/products/${p.handle}`)).text()).includes(price)) tPage = performance.now() - t0;
      await sleep(25);
    }
    json.push(tJson);
    page.push(tPage);
    console.log(`${p.handle}: JSON ${tJson.toFixed(0)} ms, page ${tPage.toFixed(0)} ms`);
  }
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(0);
  console.log(`\npublish-to-visible over ${json.length} samples (ms): JSON p50 ${pct(json, 0.5)} / max ${pct(json, 1)}; page p50 ${pct(page, 0.5)} / max ${pct(page, 1)}`);
} finally {
  await db.end().catch(() => undefined);
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
