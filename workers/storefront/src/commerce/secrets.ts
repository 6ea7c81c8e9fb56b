/** Secrets the commerce endpoints need; missing ones fail closed (503), never with a default. */
import type { Context } from 'hono';
import { MIN_ORDER_LINK_SECRET_LENGTH } from '../../../../domain/order/access-token';
import { log } from '../../../../edge/request-context';
import type { AppEnv } from '../context';
import { fail } from './problems';

export function orderLinkSecret(c: Context<AppEnv>): string {
  const s = c.env.ORDER_LINK_SECRET;
  if (!s || s.length < MIN_ORDER_LINK_SECRET_LENGTH) {
    log(c, 'error', 'ORDER_LINK_SECRET is missing or shorter than 32 characters');
    fail({ status: 503, slug: 'unavailable', title: 'Service temporarily unavailable', detail: 'The store cannot take orders right now.', headers: { 'retry-after': '60' } });
  }
  return s;
}
