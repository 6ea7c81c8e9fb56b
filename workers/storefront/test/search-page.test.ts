/**
 * The /search page inside workerd against the test database: results with
 * marked matches, facet links and chips (no JavaScript needed), sort and
 * pages, corrections, a helpful page when nothing matches, the landing page,
 * friendly 400s, safe escaping, and the autocomplete script asset.
 */
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_SCRIPT_PATH } from '../src/views/search-script';
import { publishToKv } from './helpers';
import { buildSearchIndex, get, getHtml } from './search-helpers';

beforeAll(async () => {
  await Promise.all([buildSearchIndex(), publishToKv()]);
});

const decode = (s: string) => s.replace(/&amp;/g, '&');
const hrefs = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => decode(m[1]!));

describe('GET /search', () => {
  it('renders results with matches marked, facets as links, sort and pages', async () => {
    const { status, headers, html } = await getHtml('/search?q=hoodie');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/html');
    expect(headers.get('x-cache')).toBe('origin');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).toContain('Results for “hoodie”');
    expect(html).toContain('<mark>Hoodie</mark>');
    expect(html).toMatch(/\d+ products/);
    expect(html).toContain('href="/search?q=hoodie&amp;collection=hoodies-sweatshirts"');
    expect(html).toMatch(/href="\/search\?q=hoodie&amp;filter\.size=m"/);
    expect(html).toContain('<select id="search-sort" name="sort">');
    expect(html).toMatch(/<a href="\/search\?q=hoodie&amp;page=2" rel="next">/);
    // the header box keeps the query and loads the autocomplete script from 'self'
    expect(html).toMatch(/id="site-search" name="q" value="hoodie"/);
    expect(html).toContain(`<script src="${SEARCH_SCRIPT_PATH}" defer=""></script>`);
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('follows facet links to filtered results with removable chips', async () => {
    const first = await getHtml('/search?q=cotton');
    const colorLink = hrefs(first.html, /href="(\/search\?q=cotton&amp;filter\.color=[^"]+)"/g)[0]!;
    const filtered = await getHtml(colorLink);
    expect(filtered.status).toBe(200);
    expect(filtered.html).toContain('aria-label="Active filters"');
    expect(filtered.html).toContain('<span class="vh">Remove filter </span>Color:');
    expect(filtered.html).toContain('href="/search?q=cotton" rel="nofollow">Clear all</a>');
    // the selected value is marked and its link removes it
    expect(filtered.html).toContain(`href="/search?q=cotton" rel="nofollow" aria-current="true"`);
    // price buckets and stock are links too
    const price = hrefs(filtered.html, /href="(\/search\?[^"]*price=\d+-\d*[^"]*)"/g)[0]!;
    const priced = await getHtml(price);
    expect(priced.status).toBe(200);
    expect(priced.html).toContain('Price: ');
  });

  it('sorts and pages without JavaScript, leniently', async () => {
    const sorted = await getHtml('/search?q=mug&sort=price-desc&page=1');
    expect(sorted.status).toBe(200);
    expect(sorted.html).toContain('<option value="price-desc" selected="">');
    // a hand-edited URL still shows a page: nonsense values are dropped
    const odd = await getHtml('/search?q=mug&sort=nope&page=-3&filter.color=&collection=NOT%20A%20HANDLE&price=abc&in_stock=maybe');
    expect(odd.status).toBe(200);
    expect(odd.html).toContain('Results for “mug”');
    const beyond = await getHtml('/search?q=mug&page=30');
    expect(beyond.status).toBe(200);
    expect(beyond.html).toContain('There is no page 30');
    expect(beyond.html).toContain('href="/search?q=mug">Back to the first page of results</a>');
  });

  it('shows the corrected spelling it searched', async () => {
    const { html } = await getHtml('/search?q=blak+tshirt');
    expect(html).toContain('No exact matches for “blak tshirt”. Showing results for “<strong>black tshirt</strong>”.');
    expect(html).toContain('<mark>T</mark>-<mark>Shirt</mark>');
  });

  it('helps when nothing matches: tips, a search box and popular collections', async () => {
    const { status, html } = await getHtml('/search?q=qwxzv+plumbus');
    expect(status).toBe(200);
    expect(html).toContain('Nothing matches “qwxzv plumbus”');
    expect(html).toContain('Popular collections');
    expect(html).toMatch(/href="\/collections\/[a-z0-9-]+"/);
    const filtered = await getHtml('/search?q=mug&filter.color=no-such-colour');
    expect(filtered.html).toContain('with these filters');
    expect(filtered.html).toContain('href="/search?q=mug">Search “mug” without filters</a>');
  });

  it('shows a search landing for an empty query', async () => {
    for (const path of ['/search', '/search?q=', '/search?q=%00%20%01']) {
      const { status, html } = await getHtml(path);
      expect(status, path).toBe(200);
      expect(html).toContain('Search the shop');
      expect(html).toContain('Popular collections');
    }
  });

  it('escapes whatever the query holds', async () => {
    const { status, html } = await getHtml(`/search?q=${encodeURIComponent('<script>alert(1)</script>"><img src=x onerror=alert(2)>')}`);
    expect(status).toBe(200);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('answers a query over 200 characters with a friendly 400 page', async () => {
    const { status, headers, html } = await getHtml(`/search?q=${'sock '.repeat(50)}`);
    expect(status).toBe(400);
    expect(headers.get('content-type')).toContain('text/html');
    expect(html).toContain('Searches are limited to 200 characters');
    expect(html).not.toMatch(/\bat \S+:\d+:\d+/);
  });
});

describe('autocomplete script', () => {
  it('is served from the worker, immutable, and an old version redirects to the current one', async () => {
    const r = await get(SEARCH_SCRIPT_PATH);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const js = await r.text();
    expect(js).toContain("getElementById('site-search')");
    expect(js).toContain('AbortController');
    expect(js).not.toContain('innerHTML');
    const old = await SELF.fetch('https://shop.test/assets/search-00000000.js', { redirect: 'manual' });
    expect(old.status).toBe(302);
    expect(old.headers.get('location')).toBe(SEARCH_SCRIPT_PATH);
    expect(old.headers.get('cache-control')).toBe('no-store');
  });
});
