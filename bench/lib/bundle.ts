/**
 * Bundles: the storefront exactly as `wrangler deploy` would upload it
 * (dry run, no network), and the bare Hono baseline with esbuild.
 */
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleInfo {
  /** the main module (what Miniflare runs) */
  path: string;
  rawBytes: number;
  /** node:zlib gzip, level 9, of the main module */
  gzipBytes: number;
  /** what wrangler printed as "Total Upload: x KiB / gzip: y KiB" */
  wrangler?: { totalKiB: number; gzipKiB: number } | undefined;
  /** biggest contributors to the output, by package or source folder (bytes before minification) */
  topInputs?: { name: string; bytes: number }[];
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
    topInputs: await topInputs(metafile).catch(() => []),
  };
}

/** Sums esbuild's bytesInOutput per npm package (or per project folder). */
async function topInputs(metafile: string): Promise<{ name: string; bytes: number }[]> {
  const meta = JSON.parse(await readFile(metafile, 'utf8')) as {
    outputs: Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>;
  };
  const output = Object.entries(meta.outputs).find(([k]) => k.endsWith('.js'))?.[1];
  const sums = new Map<string, number>();
  for (const [file, v] of Object.entries(output?.inputs ?? {})) {
    const i = file.lastIndexOf('node_modules/');
    let name: string;
    if (i >= 0) {
      const parts = file.slice(i + 'node_modules/'.length).split('/');
      name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    } else {
      const parts = file.replace(/^(\.\.\/)+/, '').split('/');
      name = parts.length > 2 ? `${parts[0]}/${parts[1]}/` : parts.join('/');
    }
    sums.set(name, (sums.get(name) ?? 0) + v.bytesInOutput);
  }
  return [...sums].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 8);
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
