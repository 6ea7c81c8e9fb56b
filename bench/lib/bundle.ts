/**
 * Bundles: the storefront exactly as `wrangler deploy` would upload it
 * (dry run, no network), and the bare Hono baseline with esbuild.
 */
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

export interface BundleInfo {
  /** the main module (what Miniflare runs) */
  path: string;
  rawBytes: number;
  /** node:zlib gzip, level 9, of the main module */
  gzipBytes: number;
  /** what wrangler printed as "Total Upload: x KiB / gzip: y KiB" */
  wrangler?: { totalKiB: number; gzipKiB: number } | undefined;
  /**
   * biggest contributors, by npm package or project folder: bytes in the output
   * (esbuild metafile) and, approximately, gzip -9 of that package's part of the
   * bundle on its own (a share of the whole, not additive to the byte)
   */
  topInputs?: { name: string; bytes: number; gzipBytes?: number }[];
}

const kib = (n: number) => n / 1024;

/** `entry` replaces wrangler.toml's `main` (ablation variants); the config is otherwise the storefront's. */
export async function bundleStorefront(root: string, outdir: string, entry?: string): Promise<BundleInfo> {
  const metafile = join(outdir, 'bundle-meta.json');
  const bin = join(root, 'node_modules/wrangler/bin/wrangler.js');
  const args = [bin, 'deploy', ...(entry ? [entry] : []), '--dry-run', '--outdir', outdir, '--metafile', metafile, '-c', join(root, 'wrangler.toml')];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_UPDATE_CHECK: 'false',
        NO_UPDATE_NOTIFIER: '1',
        FORCE_COLOR: '0',
      },
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrangler deploy --dry-run exited with ${code}:\n${text}`))));
  });
  const m = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/i.exec(out);
  // the main module is named after the entry (index.js for the storefront's main)
  const path = join(outdir, `${entry ? basename(entry).replace(/\.[cm]?[jt]sx?$/, '') : 'index'}.js`);
  const bytes = await readFile(path);
  return {
    path,
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    wrangler: m ? { totalKiB: Number(m[1]), gzipKiB: Number(m[2]) } : undefined,
    topInputs: await topInputs(metafile, bytes.toString('utf8')).catch(() => []),
  };
}

function groupOf(file: string): string {
  const i = file.lastIndexOf('node_modules/');
  if (i >= 0) {
    const parts = file.slice(i + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const parts = file.replace(/^(\.\.\/)+/, '').split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : parts.join('/');
}

/** Splits an unminified esbuild bundle at its `// path/to/file.js` comments and gzips each group's text. */
function gzipByGroup(bundle: string): Map<string, number> {
  const texts = new Map<string, string[]>();
  let group = '(bundle glue)';
  for (const line of bundle.split('\n')) {
    const m = /^\/\/ (\S+\.(?:m?[jt]sx?|cjs|json))$/.exec(line);
    if (m) group = groupOf(m[1]!);
    let list = texts.get(group);
    if (!list) texts.set(group, (list = []));
    list.push(line);
  }
  return new Map([...texts].map(([g, lines]) => [g, gzipSync(lines.join('\n'), { level: 9 }).length]));
}

/** Sums esbuild's bytesInOutput per npm package (or per project folder). */
async function topInputs(metafile: string, bundle: string): Promise<{ name: string; bytes: number; gzipBytes?: number }[]> {
  const meta = JSON.parse(await readFile(metafile, 'utf8')) as {
    outputs: Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>;
  };
  const output = Object.entries(meta.outputs).find(([k]) => k.endsWith('.js'))?.[1];
  const sums = new Map<string, number>();
  for (const [file, v] of Object.entries(output?.inputs ?? {})) {
    const name = groupOf(file);
    sums.set(name, (sums.get(name) ?? 0) + v.bytesInOutput);
  }
  const gz = gzipByGroup(bundle);
  return [...sums]
    .map(([name, bytes]) => ({ name, bytes, gzipBytes: gz.get(name) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 10);
}

export async function bundleBaseline(entry: string, outfile: string): Promise<BundleInfo> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    minify: false,
    logLevel: 'warning',
  });
  const bytes = await readFile(outfile);
  return { path: outfile, rawBytes: (await stat(outfile)).size, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

export function formatBundle(b: BundleInfo): string {
  const w = b.wrangler ? ` (wrangler: Total Upload ${b.wrangler.totalKiB.toFixed(2)} KiB / gzip ${b.wrangler.gzipKiB.toFixed(2)} KiB)` : '';
  return `${kib(b.rawBytes).toFixed(1)} KiB raw, ${kib(b.gzipBytes).toFixed(1)} KiB gzip -9${w}`;
}

/**
 * The storefront bundled by esbuild with some project modules replaced
 * (ablation experiments): `stubs` maps a module, relative to root and as it is
 * imported (a directory like "edge/security", or a file without extension like
 * "workers/storefront/src/routes/search"), to the file that replaces it. Only
 * extension-less imports of it (and of a directory's index) are redirected, so
 * a stub can import the real module with its extension.
 */
export async function bundleWithStubs(root: string, entry: string, outfile: string, stubs: Record<string, string>): Promise<BundleInfo> {
  const targets = new Map<string, string>();
  for (const [dir, stub] of Object.entries(stubs)) {
    const abs = resolve(root, dir);
    for (const t of [abs, join(abs, 'index'), join(abs, 'index.ts'), join(abs, 'index.js')]) targets.set(t, stub);
  }
  const plugin: Plugin = {
    name: 'ablation-stubs',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const stub = targets.get(resolve(args.resolveDir, args.path));
        return stub && args.importer !== stub ? { path: stub } : undefined;
      });
    },
  };
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    external: ['node:*', 'cloudflare:*'],
    loader: { '.txt': 'text', '.html': 'text', '.sql': 'text' },
    plugins: [plugin],
    logLevel: 'warning',
  });
  const bytes = await readFile(outfile);
  return { path: outfile, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}
