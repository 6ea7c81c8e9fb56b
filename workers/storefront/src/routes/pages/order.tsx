/** GET /orders/{id}?token=… — the order page (confirmation), for its customer or the holder of its signed link. */
import { Hono } from 'hono';
import { htmlPage, navigation } from '../../commerce/html';
import { customerSession } from '../../accounts/middleware';
import { loginPath } from '../../accounts/next-path';
import { ProblemError } from '../../commerce/problems';
import { htmlProblems } from '../../commerce/html-errors';
import { privateNoStore } from '../../commerce/private';
import { orderLinkSecret } from '../../commerce/secrets';
import { shopSettings } from '../../commerce/settings';
import type { AppEnv } from '../../context';
import { readableOrder } from '../../orders/access';
import { OrderPage } from '../../views/order';

/** Mounted at /orders. */
export const orderPages = new Hono<AppEnv>().use('*', customerSession({ allowBearer: false }), privateNoStore(), htmlProblems()).get('/:id', async (c) => {
  const secret = orderLinkSecret(c);
  let order;
  try {
    order = await readableOrder(c, c.var.db.db, c.req.param('id'), c.req.query('token'), secret);
  } catch (err) {
    // a customer's order: log in first, then come back (without the token in the URL)
    if (err instanceof ProblemError && err.problem.slug === 'login-required') return c.redirect(loginPath(`/orders/${encodeURIComponent(c.req.param('id'))}`), 303);
    throw err;
  }
  const nav = await navigation(c);
  // the token is in the URL: the page's <meta name="referrer" content="no-referrer"> keeps it out of Referer headers
  return htmlPage(c, <OrderPage order={order} settings={shopSettings} nav={nav} />);
});
