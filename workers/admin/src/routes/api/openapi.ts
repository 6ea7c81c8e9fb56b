/** The admin API's OpenAPI 3.1 document (/admin/api/v1/openapi.json) and a rendered page (/admin/api/v1/docs). */
import { Hono } from 'hono';
import { html } from 'hono/html';
import * as z from 'zod';
import { collectionInputSchema, discountInputSchema, productInputSchema, stockAdjustmentSchema } from '../../../../../domain/admin/catalog-input';
import type { AdminAppEnv } from '../../context';
import { orderActionSchema } from './orders';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const problem = { description: 'problem+json', content: { 'application/problem+json': { schema: { type: 'object' } } } };
const std = (perm: string, extra: Record<string, unknown> = {}) => ({
  'x-permission': perm,
  responses: { 200: { description: 'OK' }, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem, 503: problem },
  ...extra,
});

type Op = [method: string, path: string, permission: string, summary: string, body?: string];

/** Writes that move stock or money: each takes an Idempotency-Key (services/idempotency.ts). */
const IDEMPOTENT = new Set(['post /orders/{id}/actions', 'post /inventory/{variantId}/adjustments', 'post /products/import']);
const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description:
    'One key per intended change: 8–255 printable ASCII characters (0x20–0x7E; a UUID is ideal), scoped to the caller. ' +
    'A retry with the same key and the same request applies nothing again and answers the first result (same status and body) ' +
    'with `Idempotent-Replayed: true`; the same key with a different request is 422 (type idempotency-key-reused); a missing ' +
    'or malformed key is 400. Failed attempts (4xx) record nothing.',
  schema: { type: 'string', minLength: 8, maxLength: 255, pattern: '^[\\x20-\\x7E]{8,255}$' },
};
const OPS: Op[] = [
  ['post', '/session', 'public', 'Log in (sets the __Host-vt-admin cookie)'],
  ['get', '/session', 'signed-in', 'Who am I, with permissions'],
  ['delete', '/session', 'signed-in', 'Log out (ends the session server-side)'],
  ['get', '/dashboard', 'dashboard:read', 'Today, awaiting action, low stock, 30-day series'],
  ['get', '/products', 'catalog:read', 'List products (q, status, page, perPage)'],
  ['post', '/products', 'catalog:write', 'Create a product', 'ProductInput'],
  ['get', '/products/export.csv', 'catalog:read', 'Export products and variants as CSV'],
  ['post', '/products/import', 'catalog:write', 'Import products and variants from CSV (validate all, then all or nothing; Idempotency-Key header required)'],
  ['get', '/products/{id}', 'catalog:read', 'Read a product'],
  ['put', '/products/{id}', 'catalog:write', 'Replace a product (variants by id)', 'ProductInput'],
  ['post', '/products/{id}/status', 'catalog:write', 'Publish / unpublish / archive'],
  ['delete', '/products/{id}', 'catalog:write', 'Delete a product'],
  ['post', '/products/{id}/media', 'media:write', 'Upload an image (multipart field "file", optional "alt")'],
  ['put', '/products/{id}/media/order', 'media:write', 'Reorder images ({ ids })'],
  ['patch', '/media/{id}', 'media:write', 'Change alt text'],
  ['delete', '/media/{id}', 'media:write', 'Delete an image'],
  ['get', '/collections', 'catalog:read', 'List collections'],
  ['post', '/collections', 'catalog:write', 'Create a collection', 'CollectionInput'],
  ['get', '/collections/{id}', 'catalog:read', 'Read a collection with ordered products'],
  ['put', '/collections/{id}', 'catalog:write', 'Update / reorder products', 'CollectionInput'],
  ['delete', '/collections/{id}', 'catalog:write', 'Delete a collection'],
  ['get', '/orders', 'orders:read', 'List orders (status, from, to, email, number, q)'],
  ['get', '/orders/{id}', 'orders:read', 'Read an order with fulfilments and refunds'],
  ['post', '/orders/{id}/actions', 'orders:write', 'mark_paid | fulfil | cancel | refund (Idempotency-Key header required)', 'OrderAction'],
  ['get', '/inventory/low-stock', 'inventory:read', 'Variants at or below a threshold'],
  ['get', '/inventory/{variantId}', 'inventory:read', 'Stock level and history'],
  ['post', '/inventory/{variantId}/adjustments', 'inventory:write', 'Adjust stock with a reason (Idempotency-Key header required)', 'StockAdjustment'],
  ['get', '/discounts', 'discounts:read', 'List codes with usage'],
  ['post', '/discounts', 'discounts:write', 'Create a code', 'DiscountInput'],
  ['get', '/discounts/{id}', 'discounts:read', 'Read a code'],
  ['put', '/discounts/{id}', 'discounts:write', 'Update a code', 'DiscountInput'],
  ['delete', '/discounts/{id}', 'discounts:write', 'Delete an unused code (used codes are deactivated)'],
  ['get', '/users', 'users:manage', 'List admin users'],
  ['post', '/users', 'users:manage', 'Create an admin user'],
  ['patch', '/users/{id}', 'users:manage', 'Change role / disable (ends their sessions)'],
  ['get', '/tokens', 'tokens:manage', 'List API tokens'],
  ['post', '/tokens', 'tokens:manage', 'Create a token (secret shown once)'],
  ['delete', '/tokens/{id}', 'tokens:manage', 'Revoke a token'],
  ['get', '/audit', 'audit:read', 'Audit log (actor, action, entityType, entityId, from, to, beforeId)'],
];

export function adminOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [method, path, perm, summary, body] of OPS) {
    paths[path] ??= {};
    paths[path]![method] = std(perm, {
      summary,
      ...(body ? { requestBody: { required: true, ...json(body) } } : {}),
      ...(IDEMPOTENT.has(`${method} ${path}`) ? { parameters: [idempotencyKeyParameter] } : {}),
    });
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Vitrine admin API', version: '1', description: 'Cookie sessions (with x-csrf-token on writes) or `Authorization: Bearer vta_…` API tokens. Money in integer minor units. Errors are RFC 9457 problem+json. `x-permission` names the permission each operation needs (see the README role table). Writes that move stock or money (order actions, refunds, inventory adjustments, CSV imports) require an `Idempotency-Key` header: 8–255 printable ASCII characters; the same key replays the first result, the same key with another request is 422.' },
    servers: [{ url: '/admin/api/v1' }],
    components: {
      securitySchemes: { token: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: '__Host-vt-admin' } },
      schemas: { ProductInput: schema(productInputSchema), CollectionInput: schema(collectionInputSchema), DiscountInput: schema(discountInputSchema), StockAdjustment: schema(stockAdjustmentSchema), OrderAction: schema(orderActionSchema) },
    },
    security: [{ token: [] }, { session: [] }],
    paths,
  };
}

export const openapiApi = new Hono<AdminAppEnv>();
let cached: string | null = null;
openapiApi.get('/openapi.json', (c) => {
  cached ??= JSON.stringify(adminOpenApi());
  return c.body(cached, 200, { 'content-type': 'application/json' });
});
openapiApi.get('/docs', (c) => {
  const doc = adminOpenApi();
  const rows = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ m, p, op: op as { summary: string; 'x-permission': string } })));
  return c.html(html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Vitrine admin API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:1000px;margin:1rem auto;padding:0 1rem}td,th{padding:.3rem;border-bottom:1px solid #ddd;text-align:left}code{font-size:.9rem}</style></head>
<body><h1>Vitrine admin API</h1><p>${doc.info.description}</p><p>Machine-readable: <a href="/admin/api/v1/openapi.json">openapi.json</a> (request schemas included).</p>
<table><thead><tr><th>method</th><th>path</th><th>permission</th><th>what</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td><code>${r.m.toUpperCase()}</code></td><td><code>/admin/api/v1${r.p}</code></td><td><code>${r.op['x-permission']}</code></td><td>${r.op.summary}</td></tr>`)}
</tbody></table></body></html>`);
});
