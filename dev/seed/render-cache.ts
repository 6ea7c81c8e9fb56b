/**
 * A small on-disk memo of "image spec → what the renderer produced for it"
 * (key, size, byte count), so a re-seed into a fresh database (every test
 * run's global setup, `db:reset`) need not re-render ~1,000 pictures whose
 * objects already exist in media storage. Only metadata is cached: whenever
 * storage lacks a key, the picture is rendered again.
 *
 * The file name carries the renderer version and the zlib and pngjs versions,
 * so a change of any of them starts a new cache instead of reusing keys that
 * would no longer match a fresh render. It lives outside the repository (the
 * OS temp folder by default); losing it only costs time. Writes are atomic
 * (temp file + rename), and an unreadable file is treated as empty.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RENDERER_VERSION, type ImageSpec, type RenderedImage } from './images';

export interface ImageMeta {
  key: string;
  width: number;
  height: number;
  contentType: 'image/png';
  byteSize: number;
}

type Entry = [key: string, width: number, height: number, byteSize: number];

export const DEFAULT_RENDER_CACHE_DIR = join(tmpdir(), 'vitrine-seed-cache');
const MAX_ENTRIES = 200_000;

function pngjsVersion(): string {
  try {
    return String((createRequire(import.meta.url)('pngjs/package.json') as { version?: string }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

export function metaOf(r: RenderedImage): ImageMeta {
  return { key: r.key, width: r.width, height: r.height, contentType: r.contentType, byteSize: r.bytes.byteLength };
}

export function specHash(spec: ImageSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('base64url');
}

export class RenderCache {
  private dirty = false;

  private constructor(
    private readonly file: string | null,
    private readonly entries: Map<string, Entry>,
  ) {}

  /** dir = false: memory only (nothing read or written) */
  static async open(dir: string | false = DEFAULT_RENDER_CACHE_DIR): Promise<RenderCache> {
    if (dir === false) return new RenderCache(null, new Map());
    const name = `images-r${RENDERER_VERSION}-zlib${process.versions.zlib ?? 'x'}-pngjs${pngjsVersion()}.json`.replace(/[^\w.-]/g, '_');
    const file = join(dir, name);
    const entries = new Map<string, Entry>();
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      if (parsed && typeof parsed === 'object') {
        for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
          if (
            Array.isArray(v) &&
            v.length === 4 &&
            typeof v[0] === 'string' &&
            /^media\/[0-9a-f]{64}\.png$/.test(v[0]) &&
            v.slice(1).every((n) => Number.isSafeInteger(n) && (n as number) > 0)
          ) {
            entries.set(k, v as Entry);
          }
        }
      }
    } catch {
      // missing or unreadable: start empty
    }
    return new RenderCache(file, entries);
  }

  get size(): number {
    return this.entries.size;
  }

  get(spec: ImageSpec): ImageMeta | undefined {
    const e = this.entries.get(specHash(spec));
    return e ? { key: e[0], width: e[1], height: e[2], contentType: 'image/png', byteSize: e[3] } : undefined;
  }

  set(spec: ImageSpec, meta: ImageMeta): void {
    const k = specHash(spec);
    const prev = this.entries.get(k);
    if (prev && prev[0] === meta.key && prev[3] === meta.byteSize) return;
    if (this.entries.size >= MAX_ENTRIES) return;
    this.entries.set(k, [meta.key, meta.width, meta.height, meta.byteSize]);
    this.dirty = true;
  }

  /** best effort: a cache that cannot be written only costs time next run */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    try {
      await mkdir(join(this.file, '..'), { recursive: true });
      const tmp = `${this.file}.${process.pid}.${Math.floor(performance.now())}.tmp`;
      await writeFile(tmp, JSON.stringify(Object.fromEntries(this.entries)));
      await rename(tmp, this.file);
      this.dirty = false;
    } catch {
      // ignore
    }
  }
}
