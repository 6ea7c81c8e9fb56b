/** Discount codes with their usage. */
import { Hono } from 'hono';
import { discountInputSchema } from '../../../../../domain/admin/catalog-input';
import { getAdminDiscount, listAdminDiscounts } from '../../../../../db/queries/admin/discounts';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { removeDiscountAudited, saveDiscountAudited } from '../../services/admin';
import { jsonBody, uuidParam } from './input';

export const discountsApi = new Hono<AdminAppEnv>();
discountsApi.get('/', guard('discounts:read'), async (c) => c.json({ items: await listAdminDiscounts(c.var.db.db) }));
discountsApi.post('/', guard('discounts:write'), async (c) => c.json(await saveDiscountAudited(c, null, await jsonBody(c, discountInputSchema)), 201));
discountsApi.get('/:id', guard('discounts:read'), async (c) => {
  const d = await getAdminDiscount(c.var.db.db, uuidParam(c));
  if (!d) throw new AdminError(404, 'No such discount.');
  return c.json(d);
});
discountsApi.put('/:id', guard('discounts:write'), async (c) => c.json(await saveDiscountAudited(c, uuidParam(c), await jsonBody(c, discountInputSchema))));
discountsApi.delete('/:id', guard('discounts:write'), async (c) => c.json({ outcome: await removeDiscountAudited(c, uuidParam(c)) }));
