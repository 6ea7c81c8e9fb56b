/** Turning HTML form posts into the API's input shapes (prices typed as "12.34" become minor units). */
import type { Context } from 'hono';

export type Form = Record<string, string | File | (string | File)[]>;

export async function formOf(c: Context): Promise<Form> {
  return (await c.req.parseBody({ all: true }).catch(() => ({}))) as Form;
}

export function str(f: Form, name: string): string {
  const v = f[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one : '';
}

export function all(f: Form, name: string): string[] {
  const v = f[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

/** "12.34" → 1234; "" → null; anything else → NaN (the schema reports it). */
export function toMinor(s: string): number | null {
  const t = s.trim().replace(/,/g, '');
  if (t === '') return null;
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return Number.NaN;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function productFromForm(f: Form): unknown {
  const options = str(f, 'options')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name = '', values = ''] = l.split(':');
      return { name: name.trim(), values: values.split(',').map((v) => v.trim()).filter(Boolean) };
    });
  const variants: unknown[] = [];
  for (let i = 0; i < 100; i++) {
    const sku = str(f, `v${i}.sku`);
    if (!(`v${i}.sku` in f)) break;
    if (!sku.trim() && !str(f, `v${i}.id`)) continue;
    const optionValues: Record<string, string> = {};
    for (const pair of str(f, `v${i}.options`).split(';')) {
      const [k, v] = pair.split('=');
      if (k?.trim() && v?.trim()) optionValues[k.trim()] = v.trim();
    }
    const prices: Record<string, { amount: number | null; compareAtAmount: number | null }> = {};
    for (const cur of ['USD', 'EUR']) {
      const amount = toMinor(str(f, `v${i}.${cur}`));
      if (amount !== null) prices[cur] = { amount, compareAtAmount: toMinor(str(f, `v${i}.${cur}.compare`)) };
    }
    variants.push({
      ...(str(f, `v${i}.id`) ? { id: str(f, `v${i}.id`) } : {}),
      sku,
      title: str(f, `v${i}.title`) || 'Default',
      optionValues,
      weightGrams: Number(str(f, `v${i}.weight`) || '0'),
      prices,
    });
  }
  return {
    handle: str(f, 'handle'),
    title: str(f, 'title'),
    description: str(f, 'description'),
    vendor: str(f, 'vendor'),
    tags: str(f, 'tags').split(',').map((t) => t.trim()).filter(Boolean),
    status: str(f, 'status') || 'draft',
    seoTitle: str(f, 'seoTitle'),
    seoDescription: str(f, 'seoDescription'),
    options,
    variants,
    collectionIds: all(f, 'collectionIds'),
  };
}
