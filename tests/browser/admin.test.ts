/**
 * The merchant admin against the real local stack (`dev/stack.ts`: embedded
 * Postgres, Redis bridge, wrangler dev with the storefront, the jobs worker
 * and the admin worker; local KV, R2, Cache and Queues):
 *
 *  1. the first owner is created with `npm run admin:create-owner` (stdin password);
 *  2. publish path: a price changed through the admin API reaches the storefront's
 *     JSON and page through outbox → queue → KV projection → edge-cache purge
 *     (measured, printed), while checkout prices from Postgres at once and other
 *     products' cache entries stay untouched;
 *  3. in Chromium: log in → create a product → upload an image → publish → the
 *     product page on the storefront shows it with its image.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PNG } from 'pngjs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startStack, type Stack } from '../../dev/stack';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const EMAIL = `owner-${Date.now().toString(36)}@shop.test`;
const PASSWORD = 'an owner passphrase for the browser test';

let stack: Stack;
let browser: Browser;
let dir: string;

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: stack.databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

function createOwner(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'dev/admin-create-owner.ts'), '--email', EMAIL, '--name', 'Browser Owner', '--password-stdin'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: stack.databaseUrl } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout + stderr),
    );
    child.stdin!.end(PASSWORD);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-admin-'));
  await chmod(dir, 0o755);
  stack = await startStack({
    ports: { postgres: await freePort(), wsProxy: await freePort(), redisBridge: await freePort(), storefront: await freePort(), jobs: await freePort(), admin: await freePort() },
    pgDataDir: join(dir, 'pg', 'data'),
    persistDir: join(dir, 'wrangler-state'),
    ephemeral: true,
    quiet: process.env.ADMIN_TEST_VERBOSE !== '1',
    cronIntervalMs: 1_000,
  });
  const out = await createOwner();
  expect(out).toContain('owner');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Signs in through the admin API; returns headers for cookie-authenticated JSON calls. */
async function adminSession(): Promise<(extra?: Record<string, string>) => Record<string, string>> {
  const csrf = 'c'.repeat(43);
  const origin = stack.adminUrl!;
  const res = await fetch(`${origin}/admin/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, cookie: `__Host-vt-csrf=${csrf}`, 'x-csrf-token': csrf },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  expect(res.status).toBe(201);
  const session = /__Host-vt-admin=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))![1];
  return (extra = {}) => ({ 'content-type': 'application/json', origin, cookie: `__Host-vt-csrf=${csrf}; __Host-vt-admin=${session}`, 'x-csrf-token': csrf, ...extra });
}

type ProductJson = { variants: { id: string; prices: { USD?: { amount: number } } }[] };

describe('publishing: admin → outbox → queue → KV → edge cache', () => {
  it('a changed price reaches the storefront JSON and page; checkout prices it at once; other cached products untouched', async () => {
    const headers = await adminSession();
    const [a, b] = await query<{ id: string; handle: string }>(
      `select p.id, p.handle from products p where p.status = 'active' and exists (select 1 from variants v join inventory_levels i on i.variant_id = v.id where v.product_id = p.id and i.on_hand > 5) order by p.handle limit 2`,
    );
    const sf = stack.storefrontUrl;
    // warm the edge cache for both products (JSON and page)
    const get = (path: string) => fetch(`${sf}${path}`);
    for (const path of [`/api/v1/products/${a!.handle}`, `/products/${a!.handle}`, `/api/v1/products/${b!.handle}`, `/products/${b!.handle}`]) {
      await (await get(path)).arrayBuffer();
      await expect.poll(async () => (await get(path)).headers.get('x-cache'), { timeout: 10_000 }).toBe('hit');
    }
    const admin = (await (await fetch(`${stack.adminUrl}/admin/api/v1/products/${a!.id}`, { headers: headers() })).json()) as {
      handle: string; title: string; description: string; vendor: string; tags: string[]; status: string; seoTitle: string | null; seoDescription: string | null;
      options: unknown[]; collectionIds: string[]; variants: { id: string; sku: string; title: string; optionValues: Record<string, string>; weightGrams: number; prices: Record<string, { amount: number; compareAtAmount: number | null }> }[];
    };
    const old = admin.variants[0]!.prices.USD!.amount;
    const next = old + 1234;
    const input = {
      handle: admin.handle, title: admin.title, description: admin.description, vendor: admin.vendor, tags: admin.tags, status: admin.status,
      seoTitle: admin.seoTitle, seoDescription: admin.seoDescription, options: admin.options, collectionIds: admin.collectionIds,
      variants: admin.variants.map((v, i) => ({ id: v.id, sku: v.sku, title: v.title, optionValues: v.optionValues, weightGrams: v.weightGrams, prices: i === 0 ? { ...v.prices, USD: { amount: next, compareAtAmount: null } } : v.prices })),
    };
    const started = Date.now();
    const put = await fetch(`${stack.adminUrl}/admin/api/v1/products/${a!.id}`, { method: 'PUT', headers: headers(), body: JSON.stringify(input) });
    expect(put.status).toBe(200);
    const committed = Date.now();

    // checkout never sees the old price: carts are priced from Postgres
    const cart = await fetch(`${sf}/api/v1/carts`, { method: 'POST', headers: { 'content-type': 'application/json', origin: sf }, body: JSON.stringify({ lines: [{ variantId: admin.variants[0]!.id, quantity: 1 }] }) });
    expect(cart.status).toBe(201);
    expect(((await cart.json()) as { lines: { unitPrice: number }[] }).lines[0]!.unitPrice).toBe(next);

    let jsonVisibleAt = 0;
    let servedBy: string | null = null;
    await expect
      .poll(async () => {
        const res = await get(`/api/v1/products/${a!.handle}`);
        const doc = (await res.json()) as ProductJson;
        const amount = doc.variants.find((v) => v.id === admin.variants[0]!.id)?.prices.USD?.amount;
        if (amount === next && !jsonVisibleAt) {
          jsonVisibleAt = Date.now();
          servedBy = res.headers.get('x-cache');
        }
        return amount;
      }, { timeout: 15_000, interval: 50 })
      .toBe(next);
    const price = `$${(next / 100).toFixed(2)}`;
    await expect.poll(async () => (await (await get(`/products/${a!.handle}`)).text()).includes(price), { timeout: 15_000, interval: 50 }).toBe(true);
    const pageVisibleAt = Date.now();
    // the other product's entries were not purged: still served from the edge cache
    expect(['hit', 'stale']).toContain((await get(`/api/v1/products/${b!.handle}`)).headers.get('x-cache'));
    expect(['hit', 'stale']).toContain((await get(`/products/${b!.handle}`)).headers.get('x-cache'));
    const ms = { adminRequest: committed - started, json: jsonVisibleAt - started, page: pageVisibleAt - started };
    console.log(`publish-to-visible (local): admin PUT ${ms.adminRequest} ms; storefront JSON ${ms.json} ms; product page ${ms.page} ms after the request started`);
    // the new price came from KV right after the purge (a cache miss), not from a background revalidation of a stale entry
    expect(servedBy).toBe('kv');
  });
});

describe('merchant in Chromium', () => {
  it('logs in, creates a product with an image, publishes it, and sees it on the storefront', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 500) failed.push(`${r.status()} ${r.url()}`);
    });
    const admin = stack.adminUrl!;
    await page.goto(`${admin}/admin`);
    await page.waitForURL('**/admin/login**');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${admin}/admin`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Dashboard');
    await expect(page.locator('svg[role="img"]').count()).resolves.toBe(1);

    const handle = `browser-${Date.now().toString(36)}`;
    const title = `Browser lamp ${handle.slice(-6)}`;
    await page.goto(`${admin}/admin/products/new`);
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Handle (URL)').fill(handle);
    await page.getByLabel('Description', { exact: true }).fill('A lamp made by a browser test.');
    await page.getByLabel('Variant 1 SKU').fill(`LAMP-${handle.slice(-6).toUpperCase()}`);
    await page.getByLabel('Variant 1 USD price', { exact: true }).fill('49.90');
    await page.getByLabel('Variant 1 EUR price', { exact: true }).fill('45.00');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.waitForURL(/\/admin\/products\/[0-9a-f-]{36}\?notice=/);
    await expect(page.locator('[role="status"]').textContent()).resolves.toContain('Product created');

    const png = tinyPng();
    await page.getByLabel('Upload an image (PNG, JPEG, GIF, WebP)').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: png });
    await page.getByLabel('Alt text', { exact: true }).fill('The browser lamp');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.locator('[role="status"]').textContent()).resolves.toContain('Image uploaded');
    await expect(page.locator('main img[alt="The browser lamp"]').count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.locator('[role="status"]').textContent()).resolves.toContain('Published');

    const shop = await context.newPage();
    await expect
      .poll(async () => (await shop.goto(`${stack.storefrontUrl}/products/${handle}`))?.status(), { timeout: 20_000, interval: 250 })
      .toBe(200);
    await expect(shop.locator('h1').first().textContent()).resolves.toContain(title);
    await expect(shop.locator('main').innerText()).resolves.toContain('$49.90');
    const img = shop.locator('main img[src*="/media/"]').first();
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(8);
    expect(failed).toEqual([]);
    await context.close();
  });
});

/** An 8×8 PNG, generated (no fixture file). */
function tinyPng(): Buffer {
  const png = new PNG({ width: 8, height: 8 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([200, 120, 40, 255], i);
  return PNG.sync.write(png);
}
