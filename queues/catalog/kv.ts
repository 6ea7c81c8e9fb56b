/** The part of a KV namespace the projection needs (a Workers binding or wrangler's platform proxy). */
export interface CatalogKv {
  get(key: string, type: 'text'): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  list(options: { prefix: string; cursor?: string | null; limit?: number }): Promise<{
    keys: { name: string }[];
    list_complete: boolean;
    cursor?: string;
  }>;
}

export async function listAllKeys(kv: CatalogKv, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await kv.list({ prefix, cursor: cursor ?? null, limit: 1000 });
    for (const k of page.keys) names.push(k.name);
    if (page.list_complete || !page.cursor) return names;
    cursor = page.cursor;
  }
}
