/**
 * A local HTTP server standing in for Algolia's hosts (there is no local
 * Algolia, and tests never call the real service). The real client
 * (`@algolia/client-search`, pointed here through its `hosts` option) talks
 * to it over HTTP; every request is recorded (method, path, query, headers,
 * JSON body) so tests can assert exactly what the client sends.
 *
 * Answers follow Algolia's REST reference (response fields as documented):
 *   POST   /1/indexes/{index}/batch              { taskID, objectIDs }
 *   PUT    /1/indexes/{index}/settings           { taskID, updatedAt }
 *   POST   /1/indexes/{index}/synonyms/batch     { taskID, updatedAt }
 *   POST   /1/indexes/{index}/operation          { taskID, updatedAt }   (copy, move)
 *   GET    /1/indexes/{index}/task/{taskID}      { status: "published" }
 *   DELETE /1/indexes/{index}                    { taskID, deletedAt }
 *   POST   /1/indexes/{star}/queries             { results: [SearchResponse…] }
 *
 * Searches are answered from the records the server received, by a small
 * deliberately simple matcher (prefix words, accents folded, one typo from 4
 * letters, facet filters, numeric filters, distinct, facets, sort replicas,
 * highlighting with the requested tags), in Algolia's response shape. It is
 * a stand-in for the wire contract, not a model of Algolia's relevance.
 * Tests can replace any answer with `respond`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

type Rec = Record<string, unknown> & { objectID: string };

interface Index {
  records: Map<string, Rec>;
  settings: Record<string, unknown>;
  synonyms: { objectID: string; type: string; synonyms: string[] }[];
}

export interface WireServer {
  url: string;
  host: { url: string; port: number; protocol: 'http'; accept: 'readWrite' };
  requests: RecordedRequest[];
  indexes: Map<string, Index>;
  /** return a [status, body] to answer a request yourself */
  respond?: ((req: RecordedRequest) => [number, unknown] | undefined) | undefined;
  clear(): void;
  close(): Promise<void>;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').toLowerCase();
const words = (s: string) => fold(s).match(/[\p{L}\p{N}]+/gu) ?? [];

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

const STOP = new Set(['a', 'an', 'and', 'the', 'for', 'of', 'with', 'in', 'on', 'to', 'or']);

function queryWords(q: string): string[] {
  const out: string[] = [];
  for (const m of fold(q).matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu)) {
    const w = m[0].replace(/-/g, '');
    if (!STOP.has(w) && !out.includes(w)) out.push(w);
  }
  return out;
}

function wordMatches(q: string, candidate: string): boolean {
  if (candidate.startsWith(q)) return true;
  if (q.length < 4) return false;
  const allowed = q.length >= 8 ? 2 : 1;
  return levenshtein(q, candidate.slice(0, Math.max(q.length, Math.min(candidate.length, q.length + 1)))) <= allowed || levenshtein(q, candidate) <= allowed;
}

function get(rec: Rec, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), rec);
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

const SEARCHABLE = [
  ['title', 'titleExtras'],
  ['collections'],
  ['tags'],
  ['options'],
  ['vendor'],
  ['keywords'],
  ['description'],
];

function matchFilter(rec: Rec, filter: string): boolean {
  const i = filter.indexOf(':');
  const attr = filter.slice(0, i);
  const value = filter.slice(i + 1).replace(/^\\-/, '-');
  return asStrings(get(rec, attr)).some((v) => v.toLowerCase() === value.toLowerCase());
}

function matchNumeric(rec: Rec, f: string): boolean {
  const m = /^([\w.]+)\s*(>=|<=|=|>|<)\s*(-?\d+(?:\.\d+)?)$/.exec(f);
  if (!m) throw new Error(`numericFilter not understood: ${f}`);
  const v = get(rec, m[1]!);
  if (typeof v !== 'number') return false;
  const n = Number(m[3]);
  return m[2] === '>=' ? v >= n : m[2] === '<=' ? v <= n : m[2] === '>' ? v > n : m[2] === '<' ? v < n : v === n;
}

function highlight(title: string, qw: string[], pre: string, post: string): { value: string; matchedWords: string[] } {
  const matched: string[] = [];
  const value = title.replace(/[\p{L}\p{N}]+/gu, (w) => {
    const hit = qw.find((q) => wordMatches(q, fold(w)));
    if (!hit) return w;
    if (!matched.includes(hit)) matched.push(hit);
    return `${pre}${w}${post}`;
  });
  return { value, matchedWords: matched };
}

function search(indexes: Map<string, Index>, req: Record<string, unknown>): Record<string, unknown> {
  const indexName = String(req.indexName);
  const replica = [...indexes.entries()].find(([, ix]) => asStrings(ix.settings.replicas).includes(indexName));
  const primaryName = replica ? replica[0] : indexName;
  const primary: Index = indexes.get(primaryName) ?? { records: new Map(), settings: {}, synonyms: [] };
  const ranking = asStrings((indexes.get(indexName) ?? primary).settings.ranking);
  const query = String(req.query ?? '');
  const qw = queryWords(query);
  const synonymGroups = primary.synonyms.map((s) => s.synonyms.map(fold));
  const expand = (w: string) => [w, ...synonymGroups.filter((g) => g.includes(w)).flat()];
  const facetFilters = (req.facetFilters ?? []) as (string | string[])[];
  const numericFilters = asStrings(req.numericFilters);

  type Scored = { rec: Rec; score: number };
  const scored: Scored[] = [];
  for (const rec of primary.records.values()) {
    if (!facetFilters.every((g) => (Array.isArray(g) ? g.some((f) => matchFilter(rec, f)) : matchFilter(rec, g)))) continue;
    if (!numericFilters.every((f) => matchNumeric(rec, f))) continue;
    let score = 0;
    let all = true;
    for (const w of qw) {
      const level = SEARCHABLE.findIndex((attrs) => attrs.some((a) => asStrings(get(rec, a)).some((t) => words(t).some((x) => expand(w).some((e) => wordMatches(e, x))))));
      if (level === -1) all = false;
      else score += SEARCHABLE.length - level;
    }
    if (all) scored.push({ rec, score });
  }
  // distinct on the configured attribute: the best record of each product
  const distinctAttr = primary.settings.distinct ? String(primary.settings.attributeForDistinct ?? '') : '';
  const custom = (a: Rec, b: Rec) => Number(b.inStock) - Number(a.inStock) || Number(b.createdAt ?? 0) - Number(a.createdAt ?? 0);
  const sortKey = /^(asc|desc)\((.+)\)$/.exec(ranking[0] ?? '');
  scored.sort((a, b) => {
    if (sortKey) {
      const va = get(a.rec, sortKey[2]!);
      const vb = get(b.rec, sortKey[2]!);
      const na = typeof va === 'number' ? va : sortKey[1] === 'asc' ? Infinity : -Infinity;
      const nb = typeof vb === 'number' ? vb : sortKey[1] === 'asc' ? Infinity : -Infinity;
      const c = sortKey[1] === 'asc' ? na - nb : nb - na;
      if (c !== 0) return c;
    }
    return b.score - a.score || custom(a.rec, b.rec) || (a.rec.objectID < b.rec.objectID ? -1 : 1);
  });
  const seen = new Set<string>();
  const hits = scored.filter((s) => {
    if (!distinctAttr) return true;
    const key = String(get(s.rec, distinctAttr));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  const facets: Record<string, Record<string, number>> = {};
  for (const f of asStrings(req.facets)) {
    const counts: Record<string, number> = {};
    for (const { rec } of hits) for (const v of asStrings(get(rec, f))) counts[v] = (counts[v] ?? 0) + 1;
    const max = Number(req.maxValuesPerFacet ?? primary.settings.maxValuesPerFacet ?? 100);
    facets[f] = Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max));
  }

  const hitsPerPage = Number(req.hitsPerPage ?? 20);
  const page = Number(req.page ?? 0);
  const retrieve = req.attributesToRetrieve ? asStrings(req.attributesToRetrieve) : undefined;
  const pre = String(req.highlightPreTag ?? primary.settings.highlightPreTag ?? '<em>');
  const post = String(req.highlightPostTag ?? primary.settings.highlightPostTag ?? '</em>');
  const pageHits = hitsPerPage === 0 ? [] : hits.slice(page * hitsPerPage, (page + 1) * hitsPerPage);
  return {
    hits: pageHits.map(({ rec }) => {
      const out: Record<string, unknown> = { objectID: rec.objectID };
      for (const k of retrieve ?? Object.keys(rec)) if (k in rec) out[k] = rec[k];
      if (asStrings(req.attributesToHighlight ?? ['title']).includes('title') && typeof rec.title === 'string') {
        const h = highlight(rec.title, qw, pre, post);
        out._highlightResult = {
          title: {
            value: h.value,
            matchLevel: h.matchedWords.length === 0 ? 'none' : h.matchedWords.length === qw.length ? 'full' : 'partial',
            matchedWords: h.matchedWords,
            fullyHighlighted: false,
          },
        };
      }
      return out;
    }),
    nbHits: hits.length,
    page,
    nbPages: hitsPerPage === 0 ? 0 : Math.ceil(hits.length / hitsPerPage),
    hitsPerPage,
    exhaustiveNbHits: true,
    exhaustiveFacetsCount: true,
    exhaustive: { nbHits: true, facetsCount: true, typo: true },
    facets,
    processingTimeMS: 1,
    query,
    params: new URLSearchParams(Object.entries(req).filter(([k]) => k !== 'indexName').map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString(),
    index: indexName,
    renderingContent: {},
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startAlgoliaWire(): Promise<WireServer> {
  const indexes = new Map<string, Index>();
  const requests: RecordedRequest[] = [];
  let taskID = 1000;
  const index = (name: string) => {
    let ix = indexes.get(name);
    if (!ix) indexes.set(name, (ix = { records: new Map(), settings: {}, synonyms: [] }));
    return ix;
  };
  const now = () => new Date().toISOString();
  const state: WireServer = {
    url: '',
    host: { url: '127.0.0.1', port: 0, protocol: 'http', accept: 'readWrite' },
    requests,
    indexes,
    clear() {
      requests.length = 0;
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  function answer(r: RecordedRequest): [number, unknown] {
    const custom = state.respond?.(r);
    if (custom) return custom;
    const m = /^\/1\/indexes\/([^/]+)(?:\/(.*))?$/.exec(r.path);
    if (!m) return [404, { message: 'Not found', status: 404 }];
    const name = decodeURIComponent(m[1]!);
    const rest = m[2] ?? '';
    const body = (r.body ?? {}) as Record<string, unknown>;
    if (r.method === 'POST' && name === '*' && rest === 'queries') {
      return [200, { results: ((body.requests ?? []) as Record<string, unknown>[]).map((q) => search(indexes, q)) }];
    }
    if (r.method === 'POST' && rest === 'batch') {
      const ix = index(name);
      const objectIDs: string[] = [];
      for (const op of (body.requests ?? []) as { action: string; body: Rec }[]) {
        objectIDs.push(op.body.objectID);
        if (op.action === 'deleteObject') ix.records.delete(op.body.objectID);
        else if (op.action === 'updateObject' || op.action === 'addObject') ix.records.set(op.body.objectID, op.body);
        else return [400, { message: `unsupported action ${op.action}`, status: 400 }];
      }
      return [200, { taskID: ++taskID, objectIDs }];
    }
    if (r.method === 'PUT' && rest === 'settings') {
      Object.assign(index(name).settings, body);
      if (r.query.forwardToReplicas === 'true') {
        for (const rep of asStrings(index(name).settings.replicas)) {
          const { replicas: _r, ...shared } = body;
          Object.assign(index(rep).settings, shared);
        }
      }
      return [200, { taskID: ++taskID, updatedAt: now() }];
    }
    if (r.method === 'POST' && rest === 'synonyms/batch') {
      const ix = index(name);
      if (r.query.replaceExistingSynonyms === 'true') ix.synonyms = [];
      ix.synonyms.push(...(r.body as Index['synonyms']));
      return [200, { taskID: ++taskID, updatedAt: now() }];
    }
    if (r.method === 'POST' && rest === 'operation') {
      const src = index(name);
      const dest = String(body.destination);
      if (body.operation === 'copy') {
        const scope = asStrings(body.scope);
        const d = index(dest);
        if (scope.includes('settings')) {
          const { replicas: _r, ...rest2 } = src.settings;
          d.settings = { ...rest2 };
        }
        if (scope.includes('synonyms')) d.synonyms = [...src.synonyms];
        if (scope.length === 0) d.records = new Map(src.records);
      } else if (body.operation === 'move') {
        const d = index(dest);
        d.records = src.records;
        const keepReplicas = d.settings.replicas;
        d.settings = { ...src.settings, ...(keepReplicas ? { replicas: keepReplicas } : {}) };
        d.synonyms = src.synonyms;
        indexes.delete(name);
      }
      return [200, { taskID: ++taskID, updatedAt: now() }];
    }
    if (r.method === 'GET' && rest.startsWith('task/')) return [200, { status: 'published', pendingTask: false }];
    if (r.method === 'DELETE' && rest === '') {
      indexes.delete(name);
      return [200, { taskID: ++taskID, deletedAt: now() }];
    }
    return [404, { message: `no route for ${r.method} ${r.path}`, status: 404 }];
  }

  const server: Server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
      body: await readBody(req),
    };
    requests.push(rec);
    let status: number;
    let payload: unknown;
    try {
      [status, payload] = answer(rec);
    } catch (err) {
      [status, payload] = [400, { message: err instanceof Error ? err.message : String(err), status: 400 }];
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${port}`;
  state.host.port = port;
  return state;
}
