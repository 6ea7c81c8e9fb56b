/**
 * Search in headless Debian Chromium against the real local stack
 * (`wrangler dev`, jobs worker included): the index fills through the
 * catalog events of the seed, the header box's autocomplete is debounced,
 * aborts stale requests, works with the keyboard, and the results page works
 * with JavaScript turned off.
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
  dir = await mkdtemp(join(tmpdir(), 'vitrine-search-browser-'));
  await chmod(dir, 0o755); // embedded Postgres runs as the postgres user when we are root
  stack = await startStack({
    ports: { postgres: await freePort(), wsProxy: await freePort(), redisBridge: await freePort(), storefront: await freePort(), jobs: await freePort() },
    pgDataDir: join(dir, 'pg', 'data'),
    persistDir: join(dir, 'wrangler-state'),
    ephemeral: true,
    quiet: true,
    seed: { products: 80 },
  });
  // the seed's catalog events reach the jobs worker (local cron → queue → consumer), which indexes them
  const deadline = Date.now() + 90_000;
  for (;;) {
    const r = await fetch(`${stack.storefrontUrl}/api/v1/search/suggest?q=cafe`, { headers: { 'x-vitrine-bypass': 'cache' } }).catch(() => undefined);
    const body = r?.ok ? ((await r.json()) as { products: unknown[] }) : { products: [] };
    if (body.products.length > 0) break;
    if (Date.now() > deadline) throw new Error('the search index was not filled by the catalog events');
    await new Promise((res) => setTimeout(res, 1000));
  }
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

describe('search in Chromium', () => {
  it('autocompletes: debounced, stale requests aborted, keyboard accessible', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const sent: string[] = [];
    const aborted: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/search/suggest')) sent.push(new URL(r.url()).searchParams.get('q') ?? '');
    });
    page.on('requestfailed', (r) => {
      if (r.url().includes('/api/v1/search/suggest')) aborted.push(new URL(r.url()).searchParams.get('q') ?? '');
    });
    // answers take 600 ms, so that a newer keystroke overtakes an older request
    await page.route('**/api/v1/search/suggest**', async (route) => {
      const response = await route.fetch();
      await new Promise((r) => setTimeout(r, 600));
      await route.fulfill({ response }).catch(() => {});
    });

    await page.goto(`${stack.storefrontUrl}/`);
    const input = page.locator('#site-search');
    await expect.poll(() => input.getAttribute('role')).toBe('combobox');
    expect(await input.getAttribute('aria-expanded')).toBe('false');

    // typing fast: one request for the whole word (debounce)
    await input.pressSequentially('mug', { delay: 20 });
    await expect.poll(() => sent.length, { timeout: 5_000 }).toBe(1);
    expect(sent).toEqual(['mug']);
    // a pause, then more letters: the request in flight is aborted, only the newest answer is shown
    await page.waitForTimeout(250);
    await input.pressSequentially(' st', { delay: 20 });
    await expect.poll(() => aborted, { timeout: 5_000 }).toContain('mug');
    const list = page.locator('#site-search-list');
    await expect.poll(() => list.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(sent.at(-1)).toBe('mug st');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    const options = list.locator('[role="option"]');
    expect(await options.count()).toBeGreaterThan(1);
    await expect.poll(() => list.locator('mark').first().textContent()).toMatch(/mug|st/i);

    // keyboard: arrows move the active option, Enter opens it
    await input.press('ArrowDown');
    const first = await options.nth(0).getAttribute('id');
    expect(await input.getAttribute('aria-activedescendant')).toBe(first);
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');
    await input.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
    await input.press('ArrowUp');
    expect(await input.getAttribute('aria-activedescendant')).toBe(first);
    // Escape closes, a second Escape clears
    await input.press('Escape');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await list.isVisible()).toBe(false);
    await input.press('Escape');
    expect(await input.inputValue()).toBe('');

    await input.pressSequentially('cafe', { delay: 20 });
    await expect.poll(() => list.isVisible(), { timeout: 10_000 }).toBe(true);
    await input.press('ArrowDown');
    await input.press('Enter');
    await page.waitForURL('**/products/**');
    expect(page.url()).toContain('/products/cafe-creme-mug');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('submits to the results page, and the page works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.storefrontUrl}/`);
    await page.locator('#site-search').fill('cotton');
    await page.locator('form[role="search"] button[type="submit"]').click();
    await page.waitForURL('**/search?q=cotton');
    expect(await page.locator('h1').textContent()).toContain('cotton');
    expect(await page.locator('main .grid li').count()).toBeGreaterThan(0);
    expect(await page.locator('main .grid mark').count()).toBeGreaterThan(0);
    // a facet is a plain link; the chip removes it again
    const facet = page.locator('nav.facets a').first();
    const href = (await facet.getAttribute('href'))!;
    await facet.click();
    await page.waitForURL(`**${href}`);
    expect(await page.locator('ul.chips a').count()).toBeGreaterThan(1);
    await page.locator('ul.chips a', { hasText: 'Clear all' }).click();
    await page.waitForURL('**/search?q=cotton');
    // sort with the form
    await page.locator('#search-sort').selectOption('price-asc');
    await page.locator('form:has(#search-sort) button').click();
    await page.waitForURL('**sort=price-asc**');
    await context.close();
  });
});
