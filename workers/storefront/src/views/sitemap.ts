/**
 * sitemap.xml and robots.txt bodies. Pure string builders; serve with
 * `c.body(renderSitemap(...), 200, { 'content-type': 'application/xml; charset=utf-8' })`
 * and `c.text(renderRobots(origin))`.
 *
 * A sitemap may hold at most 50,000 URLs / 50 MB; split into a sitemap
 * index before the catalog gets that big.
 */
export interface SitemapEntry {
  /** absolute URL, or a root-relative path resolved against origin */
  loc: string;
  /** W3C datetime, e.g. the document's updatedAt */
  lastmod?: string | undefined;
}

// characters not allowed in XML 1.0 at all
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function trimOrigin(origin: string): string {
  return origin.replace(/\/+$/, '');
}

export function renderSitemap(origin: string, entries: SitemapEntry[]): string {
  const base = trimOrigin(origin);
  const urls = entries.map((e) => {
    const loc = /^https?:\/\//i.test(e.loc) ? e.loc : `${base}${e.loc.startsWith('/') ? '' : '/'}${e.loc}`;
    const lastmod = e.lastmod ? `<lastmod>${xmlEscape(e.lastmod)}</lastmod>` : '';
    return `<url><loc>${xmlEscape(loc)}</loc>${lastmod}</url>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}

export function renderRobots(origin: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /api/',
    'Disallow: /cart',
    '',
    `Sitemap: ${trimOrigin(origin)}/sitemap.xml`,
    '',
  ].join('\n');
}
