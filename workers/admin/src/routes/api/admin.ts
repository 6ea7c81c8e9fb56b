/** Media, users, API tokens, audit log and dashboard figures. */
import { Hono } from 'hono';
import * as z from 'zod';
import { normalizeEmail } from '../../../../../domain/customers/email';
import { ADMIN_ROLES } from '../../../../../domain/admin/roles';
import { listAudit } from '../../../../../db/queries/admin/audit';
import { awaitingAction, dashboardSeries } from '../../../../../db/queries/admin/dashboard';
import { lowStock } from '../../../../../db/queries/admin/inventory';
import { listApiTokens } from '../../../../../db/queries/admin/tokens';
import { listAdminUsers } from '../../../../../db/queries/admin/users';
import { DEFAULT_LOW_STOCK_THRESHOLD } from '../../../../../domain/admin/inventory';
import { guard } from '../../auth/middleware';
import { adminPasswordPolicy } from '../../auth/sessions';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { changeUser, createToken, inviteUser, revokeToken } from '../../services/admin';
import { reorder, removeImage, setAlt, uploadImage } from '../../services/media';
import { jsonBody, queryOf, uuidParam } from './input';

export const mediaApi = new Hono<AdminAppEnv>();
mediaApi.post('/products/:id/media', guard('media:write'), async (c) => {
  const productId = uuidParam(c);
  const form = await c.req.parseBody().catch(() => null);
  const file = form?.file;
  if (!(file instanceof File)) throw new AdminError(422, 'Send the image as multipart/form-data field "file".', { file: 'Choose an image file.' });
  const alt = typeof form?.alt === 'string' ? form.alt.trim().slice(0, 300) : '';
  return c.json(await uploadImage(c, productId, file, alt), 201);
});
mediaApi.put('/products/:id/media/order', guard('media:write'), async (c) => {
  const { ids } = await jsonBody(c, z.object({ ids: z.array(z.uuid()).max(200) }).strict());
  await reorder(c, uuidParam(c), ids);
  return c.body(null, 204);
});
mediaApi.patch('/media/:id', guard('media:write'), async (c) => c.json(await setAlt(c, uuidParam(c), (await jsonBody(c, z.object({ alt: z.string().trim().max(300) }).strict())).alt)));
mediaApi.delete('/media/:id', guard('media:write'), async (c) => {
  await removeImage(c, uuidParam(c));
  return c.body(null, 204);
});

const emailSchema = z.string().max(320).transform((v, ctx) => {
  const r = normalizeEmail(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.email;
});
export const inviteSchema = z
  .object({ email: emailSchema, name: z.string().trim().min(1).max(200), role: z.enum(ADMIN_ROLES), password: z.string().min(1).max(256) })
  .strict()
  .superRefine((u, ctx) => {
    const weak = adminPasswordPolicy.check(u.password, { email: u.email, name: u.name });
    if (weak) ctx.addIssue({ code: 'custom', path: ['password'], message: weak });
  });

export const usersApi = new Hono<AdminAppEnv>();
usersApi.get('/', guard('users:manage'), async (c) => c.json({ items: await listAdminUsers(c.var.db.db) }));
usersApi.post('/', guard('users:manage'), async (c) => c.json(await inviteUser(c, await jsonBody(c, inviteSchema)), 201));
usersApi.patch('/:id', guard('users:manage'), async (c) => {
  const patch = await jsonBody(c, z.object({ role: z.enum(ADMIN_ROLES).optional(), disabled: z.boolean().optional() }).strict());
  return c.json(await changeUser(c, uuidParam(c), patch));
});

export const tokenSchema = z
  .object({ name: z.string().trim().min(1, 'Name the token.').max(100), role: z.enum(ADMIN_ROLES), expiresAt: z.iso.datetime({ offset: true }).nullable().default(null) })
  .strict();
export const tokensApi = new Hono<AdminAppEnv>();
tokensApi.get('/', guard('tokens:manage'), async (c) => c.json({ items: await listApiTokens(c.var.db.db) }));
tokensApi.post('/', guard('tokens:manage'), async (c) => {
  const { token, secret } = await createToken(c, await jsonBody(c, tokenSchema));
  return c.json({ ...token, secret, note: 'Store the secret now: it is shown only once.' }, 201);
});
tokensApi.delete('/:id', guard('tokens:manage'), async (c) => c.json(await revokeToken(c, uuidParam(c))));

export const auditQuery = z
  .object({
    actor: z.string().max(200).optional(),
    action: z.string().max(100).optional(),
    entityType: z.string().max(50).optional(),
    entityId: z.string().max(100).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    beforeId: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
export const auditApi = new Hono<AdminAppEnv>();
auditApi.get('/', guard('audit:read'), async (c) => c.json(await listAudit(c.var.db.db, queryOf(c, auditQuery))));

export const dashboardApi = new Hono<AdminAppEnv>();
dashboardApi.get('/', guard('dashboard:read'), async (c) => {
  const { currency } = queryOf(c, z.object({ currency: z.enum(['USD', 'EUR']).default('USD') }).strict());
  const db = c.var.db.db;
  const [series, pending, low] = await Promise.all([dashboardSeries(db, currency), awaitingAction(db), lowStock(db, DEFAULT_LOW_STOCK_THRESHOLD, 10)]);
  const today = series[series.length - 1]!;
  return c.json({ currency, today, ...pending, lowStock: low, series });
});
