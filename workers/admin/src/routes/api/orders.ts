/** Orders: list with filters, detail, and actions (POST /orders/:id/actions with an Idempotency-Key). */
import { Hono } from 'hono';
import * as z from 'zod';
import { ORDER_STATUSES } from '../../../../../domain/order/state-machine';
import { listAdminOrders, orderExtras } from '../../../../../db/queries/admin/orders';
import { getOrder } from '../../../../../db/queries/orders';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { runOrderAction } from '../../services/orders';
import { headerKey } from '../../services/idempotency';
import { jsonBody, queryOf, uuidParam } from './input';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD.').refine((d) => !Number.isNaN(Date.parse(d)), 'Not a date.');
export const orderListQuery = z
  .object({
    status: z.enum(ORDER_STATUSES).optional(),
    from: day.optional(),
    to: day.optional(),
    email: z.string().max(254).optional(),
    number: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    q: z.string().max(200).optional(),
    page: z.coerce.number().int().min(1).max(10_000).optional(),
    perPage: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export const orderActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('mark_paid') }).strict(),
  z.object({ action: z.literal('cancel') }).strict(),
  z.object({ action: z.literal('fulfil'), carrier: z.string().trim().min(1, 'Enter the carrier.').max(60), trackingNumber: z.string().trim().min(1, 'Enter the tracking number.').max(100) }).strict(),
  z
    .object({
      action: z.literal('refund'),
      amount: z.number().int('Use minor units (cents).').min(1, 'Enter an amount above 0.').max(Number.MAX_SAFE_INTEGER),
      restockLines: z.array(z.object({ position: z.number().int().min(0), quantity: z.number().int().min(1) }).strict()).max(500).default([]),
      reason: z.string().trim().max(500).nullable().default(null),
    })
    .strict(),
]);

export const ordersApi = new Hono<AdminAppEnv>();

ordersApi.get('/', guard('orders:read'), async (c) => {
  const q = queryOf(c, orderListQuery);
  return c.json(await listAdminOrders(c.var.db.db, q));
});
ordersApi.get('/:id', guard('orders:read'), async (c) => {
  const id = uuidParam(c);
  // both reads at once over HTTP (extras of an unknown order are simply empty)
  const [order, extras] = await Promise.all([getOrder(c.var.db.db, id), orderExtras(c.var.db.db, id)]);
  if (!order) throw new AdminError(404, 'No such order.');
  return c.json({ ...order, ...extras });
});
ordersApi.post('/:id/actions', guard('orders:write'), async (c) => {
  const id = uuidParam(c);
  const key = headerKey(c);
  const action = await jsonBody(c, orderActionSchema);
  const r = await runOrderAction(c, id, key, action);
  if (r.body.replayed) c.header('idempotent-replayed', 'true');
  return c.json(r.body, r.status as 200);
});
