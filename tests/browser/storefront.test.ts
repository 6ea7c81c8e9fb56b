/**
 * A shopper's walk in headless Debian Chromium (playwright-core, never a
 * downloaded browser) against the real local stack under `wrangler dev`:
 * home → a collection → a product, with its image loaded and its price shown.
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

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-browser-'));
  await chmod(dir, 0o755); // embedded Postgres runs as the postgres user when we are root
  stack = await startStack({
    ports: { postgres: await freePort(), wsProxy: await freePort(), redisBridge: await freePort(), storefront: await freePort(), jobs: await freePort() },
    pgDataDir: join(dir, 'pg', 'data'),
    persistDir: join(dir, 'wrangler-state'),
    ephemeral: true,
    quiet: true,
  });
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

describe('shopper walk in Chromium', () => {
  it('home → collection → product shows the product image and price', async () => {
    const page = await browser.newPage();
    // every response the page gets must be a success (requests aborted by navigation are not failures)
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    const home = await page.goto(`${stack.storefrontUrl}/`);
    expect(home?.status()).toBe(200);
    await expect(page.title()).resolves.toContain('Vitrine');

    // a collection from the navigation
    const collectionLink = page.locator('a[href^="/collections/"]').first();
    const collectionHref = await collectionLink.getAttribute('href');
    await collectionLink.click();
    await page.waitForURL(`**${collectionHref}`);
    await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();

    // a product from the grid
    const productLink = page.locator('main a[href^="/products/"]').first();
    const productHref = (await productLink.getAttribute('href'))!;
    await productLink.click();
    await page.waitForURL(`**${productHref}`);
    const h1 = await page.locator('h1').first().textContent();
    expect(h1?.trim().length).toBeGreaterThan(0);

    // the main image really loaded from /media (R2)
    const img = page.locator('main img[src*="/media/"]').first();
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);

    // a price is shown, in the shop currency
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/\$\d+\.\d{2}/);

    // the variant picker works without JavaScript: choose another option and submit
    const radios = page.locator('main form[method="get"] input[type="radio"]:not(:checked)');
    if ((await radios.count()) > 0) {
      await radios.first().check();
      await page.locator('main form[method="get"] button[type="submit"]').first().click();
      await page.waitForLoadState('load');
      expect(page.url()).toContain(productHref);
      expect(page.url()).toContain('?');
    }
    expect(failed).toEqual([]);
    await page.close();
  });
});
