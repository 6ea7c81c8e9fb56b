/** Inventory: low-stock list, one variant's level and history, adjustments. */
import { Hono } from 'hono';
import * as z from 'zod';
import { stockAdjustmentSchema } from '../../../../../domain/admin/catalog-input';
import { DEFAULT_LOW_STOCK_THRESHOLD } from '../../../../../domain/admin/inventory';
import { adjustmentHistory, getStockLevel, lowStock } from '../../../../../db/queries/admin/inventory';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { adjustInventory } from '../../services/admin';
import { headerKey, markReplay } from '../../services/idempotency';
import { jsonBody, queryOf, uuidParam } from './input';

export const inventoryApi = new Hono<AdminAppEnv>();

inventoryApi.get('/low-stock', guard('inventory:read'), async (c) => {
  const { threshold } = queryOf(c, z.object({ threshold: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_LOW_STOCK_THRESHOLD) }).strict());
  return c.json({ threshold, items: await lowStock(c.var.db.db, threshold) });
});
inventoryApi.get('/:variantId', guard('inventory:read'), async (c) => {
  const id = uuidParam(c, 'variantId');
  const [level, history] = await Promise.all([getStockLevel(c.var.db.db, id), adjustmentHistory(c.var.db.db, id)]);
  if (!level) throw new AdminError(404, 'No such variant.');
  return c.json({ ...level, history });
});
inventoryApi.post('/:variantId/adjustments', guard('inventory:write'), async (c) => {
  const id = uuidParam(c, 'variantId');
  const key = headerKey(c);
  const r = await adjustInventory(c, id, await jsonBody(c, stockAdjustmentSchema), key);
  markReplay(c, r);
  return c.json(r.body, r.status as 201);
});
