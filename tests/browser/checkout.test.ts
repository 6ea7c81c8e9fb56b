/**
 * A guest buys something in headless Debian Chromium against the real local
 * stack (`wrangler dev`: storefront + jobs, Postgres, Redis): product page →
 * add to cart → cart → checkout → confirmation page with the order number.
 * Once with JavaScript, once with JavaScript disabled (forms only).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../dev/stack';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

let stack: Stack;
let browser: Browser;
let dir: string;
let handles: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-checkout-browser-'));
  await chmod(dir, 0o755); // embedded Postgres runs as the postgres user when we are root
  stack = await startStack({
    ports: { postgres: await freePort(), wsProxy: await freePort(), redisBridge: await freePort(), storefront: await freePort(), jobs: await freePort() },
    pgDataDir: join(dir, 'pg', 'data'),
    persistDir: join(dir, 'wrangler-state'),
    ephemeral: true,
    quiet: true,
    seed: { products: 40 },
  });
  // in-stock products with a single variant (the page preselects an available one anyway)
  const listing = (await (await fetch(`${stack.storefrontUrl}/api/v1/products?in_stock=1&limit=20`)).json()) as { items: { handle: string }[] };
  handles = listing.items.map((i) => i.handle);
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

describe('guest checkout in Chromium', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`product → cart → checkout → confirmation (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      const handle = handles[javaScriptEnabled ? 0 : 1]!;
      await page.goto(`${stack.storefrontUrl}/products/${handle}`);
      const title = (await page.locator('h1').first().textContent())!.trim();

      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.waitForURL('**/cart?added=1');
      await expect(page.locator('main').innerText()).resolves.toContain(title);
      expect((await context.cookies()).find((c) => c.name === '__Host-vt-cart')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });

      await page.getByRole('link', { name: 'Check out' }).click();
      await page.waitForURL('**/checkout');
      await page.getByLabel('Email').fill(`browser-${javaScriptEnabled ? 'js' : 'nojs'}@example.com`);
      await page.getByLabel('Country').selectOption('US');
      await page.getByLabel('Full name').fill('Ada Lovelace');
      await page.getByLabel('Address', { exact: true }).fill('1 Main St');
      await page.getByLabel('Postal code').fill('12207');
      await page.getByLabel('City').fill('Albany');
      await page.getByLabel('State / province code').fill('NY');
      await page.getByRole('button', { name: 'Continue to shipping and payment' }).click();
      await page.waitForURL('**/checkout');
      await expect(page.locator('main').innerText()).resolves.toContain('Shipping method');

      await page.getByLabel('Bank transfer').check();
      await page.getByRole('button', { name: /Place order/ }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?token=/);
      await expect(page.locator('h1').first().textContent()).resolves.toBe('Thank you for your order!');
      const text = await page.locator('main').innerText();
      expect(text).toMatch(/Order #\d{4,}/);
      expect(text).toContain(title);
      expect(text).toContain('Awaiting payment');
      // the cart is empty afterwards
      await page.goto(`${stack.storefrontUrl}/cart`);
      await expect(page.locator('main').innerText()).resolves.toContain('Your cart is empty');
      expect(failed).toEqual([]);
      await context.close();
    });
  }
});
