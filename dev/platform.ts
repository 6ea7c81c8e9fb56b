/**
 * Local Cloudflare bindings from Node (KV, R2) through wrangler's platform
 * proxy, persisted where `wrangler dev` keeps them, so scripts and the
 * running workers see the same data.
 */
import { join } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import type { CatalogKv } from '../queues/catalog/kv';

export interface PlatformBindings {
  CATALOG: CatalogKv;
  MEDIA: {
    head(key: string): Promise<unknown | null>;
    put(key: string, value: Uint8Array, options: { httpMetadata: { contentType: string; cacheControl: string } }): Promise<unknown>;
  };
}

export async function withPlatform<T>(root: string, persistDir: string, fn: (env: PlatformBindings) => Promise<T>): Promise<T> {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  const platform = await getPlatformProxy<PlatformBindings>({
    configPath: join(root, 'wrangler.toml'),
    persist: { path: join(persistDir, 'v3') },
    remoteBindings: false,
    envFiles: [],
  });
  try {
    return await fn(platform.env);
  } finally {
    await platform.dispose();
  }
}

/** The seed's media sink: content-addressed images into local R2. */
export function r2Media(env: PlatformBindings) {
  return {
    has: async (key: string) => (await env.MEDIA.head(key)) !== null,
    put: async (key: string, bytes: Uint8Array, contentType: string) => {
      await env.MEDIA.put(key, bytes, { httpMetadata: { contentType, cacheControl: 'public, max-age=31536000, immutable' } });
    },
  };
}
