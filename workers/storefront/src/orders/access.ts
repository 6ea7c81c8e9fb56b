/**
 * Who may read an order:
 *   - a customer's order: only that customer, signed in. Its link token alone
 *     is not enough (401 "log in" when the token is genuine, else 404);
 *     another customer gets 404 even with the token.
 *   - a guest order: whoever holds its signed link token.
 * A wrong token, an unknown id and someone else's order are the same 404,
 * so order ids cannot be probed.
 */
import type { Context } from 'hono';
import type { Db } from '../../../../db/client';
import { getOrder, type OrderView } from '../../../../db/queries/orders';
import { verifyOrderAccessToken } from '../../../../domain/order/access-token';
import type { AppEnv } from '../context';
import { fail, type CommerceProblem } from '../commerce/problems';

export const ORDER_TOKEN_HEADER = 'Order-Token';

export const orderNotFound = (): CommerceProblem => ({
  status: 404,
  slug: 'order-not-found',
  title: 'Order not found',
  detail: 'There is no such order, or this link is not valid.',
});

export const orderLoginRequired = (): CommerceProblem => ({
  status: 401,
  slug: 'login-required',
  title: 'Log in to see this order',
  detail: 'This order belongs to a customer account: log in to see it.',
  headers: { 'www-authenticate': 'Bearer realm="vitrine"' },
});

export async function readableOrder(c: Context<AppEnv>, db: Db, orderId: string, token: string | undefined, secret: string): Promise<OrderView> {
  const order = await getOrder(db, orderId);
  if (!order) fail(orderNotFound());
  const customerId = c.get('customer')?.id ?? null;
  const tokenOk = !!token && (await verifyOrderAccessToken(secret, order.id, token));
  if (order.customerId !== null) {
    if (customerId === order.customerId) return order;
    if (customerId === null && tokenOk) fail(orderLoginRequired());
    fail(orderNotFound());
  }
  if (!tokenOk) fail(orderNotFound());
  return order;
}
