/** Inventory: low-stock list, one variant's level and history, adjustments. */
import { Hono } from 'hono';
import * as z from 'zod';
import { stockAdjustmentSchema } from '../../../../../domain/admin/catalog-input';
import { DEFAULT_LOW_STOCK_THRESHOLD } from '../../../../../domain/admin/inventory';
import { adjustmentHistory, getStockLevel, lowStock } from '../../../../../db/queries/admin/inventory';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError, withDb } from '../../db';
import { adjustInventory } from '../../services/admin';
import { jsonBody, queryOf, uuidParam } from './input';

export const inventoryApi = new Hono<AdminAppEnv>();

inventoryApi.get('/low-stock', guard('inventory:read'), async (c) => {
  const { threshold } = queryOf(c, z.object({ threshold: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_LOW_STOCK_THRESHOLD) }).strict());
  return c.json({ threshold, items: await withDb(c, (db) => lowStock(db, threshold)) });
});
inventoryApi.get('/:variantId', guard('inventory:read'), async (c) => {
  const id = uuidParam(c, 'variantId');
  const r = await withDb(c, async (db) => {
    const level = await getStockLevel(db, id);
    return level ? { ...level, history: await adjustmentHistory(db, id) } : null;
  });
  if (!r) throw new AdminError(404, 'No such variant.');
  return c.json(r);
});
inventoryApi.post('/:variantId/adjustments', guard('inventory:write'), async (c) => {
  const id = uuidParam(c, 'variantId');
  return c.json(await adjustInventory(c, id, await jsonBody(c, stockAdjustmentSchema)), 201);
});
