/**
 * Dependencies point one way:
 *   workers/* → anything below;  queues/ → db/, domain/;  edge/ → neither db/ nor domain/;
 *   db/ → domain/ types only;  domain/ → nothing of ours (and no I/O, Hono or Env);  nothing → workers/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const AREAS = ['domain', 'db', 'queues', 'edge', 'workers'] as const;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules' || n === 'migrations') return [];
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

function imports(area: string): Import[] {
  // tests may reach across layers (e.g. a schema test comparing with domain constants)
  return files(join(ROOT, area)).filter((f) => !/\.test\.tsx?$/.test(f)).flatMap((file) => {
    const src = readFileSync(file, 'utf8');
    return [...src.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => {
      const spec = m[3]!;
      const target = spec.startsWith('.') ? relative(ROOT, resolve(dirname(file), spec)).split('/')[0]! : spec;
      return { file: relative(ROOT, file), target, typeOnly: !!m[2] };
    });
  });
}

const ours = (i: Import) => (AREAS as readonly string[]).includes(i.target) || i.target === 'dev' || i.target === 'tests';

describe('dependency direction', () => {
  it('domain/ imports nothing of ours and no I/O, Hono or Workers APIs', () => {
    const bad = imports('domain').filter((i) => (ours(i) && i.target !== 'domain') || /^(hono|node:|@neondatabase|drizzle|@upstash|cloudflare:)/.test(i.target));
    expect(bad).toEqual([]);
  });

  it('db/ uses only domain/ types', () => {
    const bad = imports('db').filter((i) => ours(i) && i.target !== 'db' && !(i.target === 'domain' && i.typeOnly));
    expect(bad).toEqual([]);
  });

  it('queues/ uses only db/ and domain/', () => {
    expect(imports('queues').filter((i) => ours(i) && !['queues', 'db', 'domain'].includes(i.target))).toEqual([]);
  });

  it('edge/ uses neither db/ nor domain/', () => {
    expect(imports('edge').filter((i) => ours(i) && i.target !== 'edge')).toEqual([]);
  });

  it('nothing imports workers/ (except the worker itself and its tests)', () => {
    const bad = (['domain', 'db', 'queues', 'edge'] as const).flatMap((a) => imports(a)).filter((i) => i.target === 'workers');
    expect(bad).toEqual([]);
    const cross = imports('workers').filter((i) => i.target === 'workers' && !i.file.startsWith('workers/'));
    expect(cross).toEqual([]);
  });
});

describe('bundle hygiene', () => {
  it("imports zod as a namespace (`import * as z from 'zod'`) so the worker bundle is tree-shaken", () => {
    // `import { z } from 'zod'` keeps all of zod (~90 KiB gzip) in the bundle; the namespace import ~25 KiB.
    const offenders = (['domain', 'db', 'queues', 'edge', 'workers'] as const)
      .flatMap((a) => files(join(ROOT, a)))
      .filter((f) => /import\s*\{\s*z\s*\}\s*from\s*'zod'/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
