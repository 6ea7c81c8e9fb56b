/** GET /api/v1/orders/{id}: the order, for its customer or with its access token (Order-Token header). */
import { Hono } from 'hono';
import { customerSession } from '../../accounts/middleware';
import { privateNoStore } from '../../commerce/private';
import { orderLinkSecret } from '../../commerce/secrets';
import type { AppEnv } from '../../context';
import { orderJson } from '../../checkout/representation';
import { ORDER_TOKEN_HEADER, readableOrder } from '../../orders/access';

/** Mounted at /api/v1/orders. */
export const ordersApi = new Hono<AppEnv>().use('*', customerSession({ allowBearer: true }), privateNoStore()).get('/:id', async (c) => {
  const secret = orderLinkSecret(c);
  const token = c.req.header(ORDER_TOKEN_HEADER) ?? c.req.query('token');
  const order = await readableOrder(c, c.var.db.db, c.req.param('id'), token, secret);
  return c.json(await orderJson(order, secret));
});
