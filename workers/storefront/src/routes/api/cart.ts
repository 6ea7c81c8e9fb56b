/**
 * Cart JSON API (/api/v1/carts). The cart is identified by the `Cart-Id`
 * header (API clients; returned when the cart is created) or the cart
 * cookie (browsers). Every response is the cart re-priced from the live
 * catalog; nothing is cached.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { addLine, emptyCart, type Cart } from '../../../../../domain/cart/cart';
import { assessLine } from '../../../../../domain/cart/lines';
import { loadSellableVariants } from '../../../../../db/queries/sellable-variants';
import { readJson } from '../../commerce/body';
import { originCheck } from '../../../../../edge/csrf';
import { customerSession } from '../../accounts/middleware';
import { privateNoStore } from '../../commerce/private';
import { fail, parseOr422 } from '../../commerce/problems';
import { shopCurrency } from '../../commerce/settings';
import type { AppEnv } from '../../context';
import { CART_HEADER, newCartId } from '../../cart/id';
import { addLineBody, createCartBody, discountBody, setQuantityBody, updateCartBody, variantId as variantIdSchema } from '../../cart/schemas';
import {
  addItem,
  applyDiscount,
  cartStore,
  changeQuantity,
  customerIdOf,
  guardStore,
  removeDiscount,
  requireCart,
  updateDetails,
} from '../../cart/service';
import type { VersionedCart } from '../../cart/store';
import { priceCartView } from '../../cart/view';
import type { Db } from '../../../../../db/client';

function viewJson(c: Context<AppEnv>, db: Db, vc: VersionedCart, status: 200 | 201 = 200, headers: Record<string, string> = {}) {
  return priceCartView(db, vc.cart, { customerId: customerIdOf(c) }).then((p) => c.json(p.view, status, headers));
}

function pathVariant(c: Context<AppEnv>): string {
  const id = c.req.param('variantId') ?? '';
  const r = variantIdSchema.safeParse(id);
  if (!r.success) {
    fail({ status: 400, slug: 'invalid-request', title: 'Your request is not valid', detail: 'Invalid path parameters.', errors: [{ path: 'path.variantId', message: 'must be a variant id (UUID)', code: 'invalid_format' }] });
  }
  return r.data;
}

/** Mounted at /api/v1/carts. */
export const cartApi = new Hono<AppEnv>()
  .use('*', originCheck(), customerSession({ allowBearer: true }), privateNoStore())

  .post('/', async (c) => {
    const body = parseOr422(createCartBody, (await readJson(c, { optional: true })) ?? {}, 'body');
    const store = cartStore(c);
    const currency = body.currency ?? shopCurrency(c);
    const now = new Date().toISOString();
    let cart: Cart = emptyCart(newCartId(), currency, now, customerIdOf(c));
    if (body.lines?.length) {
      const variants = await loadSellableVariants(c.var.db.db, body.lines.map((l) => l.variantId), currency);
      const byId = new Map(variants.map((v) => [v.variantId, v]));
      for (const [i, l] of body.lines.entries()) {
        const check = assessLine(l.variantId, (cart.lines.find((x) => x.variantId === l.variantId)?.quantity ?? 0) + l.quantity, byId.get(l.variantId));
        if (check.issue) {
          fail({
            status: check.issue.code === 'unavailable' ? 422 : 409,
            slug: check.issue.code === 'unavailable' ? 'variant-unavailable' : 'insufficient-stock',
            title: check.issue.code === 'unavailable' ? 'Item unavailable' : 'Not enough stock',
            detail: check.issue.message,
            errors: [{ path: `body.lines.${i}`, message: check.issue.message, code: check.issue.code }],
          });
        }
        cart = await guardStore(async () => addLine(cart, l.variantId, l.quantity, now));
      }
    }
    const vc = await guardStore(() => store.create(cart));
    return viewJson(c, c.var.db.db, vc, 201, { [CART_HEADER]: cart.id, location: '/api/v1/carts/current' });
  })

  .get('/current', async (c) => {
    const store = cartStore(c);
    const vc = await requireCart(c, store);
    return viewJson(c, c.var.db.db, vc);
  })

  .patch('/current', async (c) => {
    const body = parseOr422(updateCartBody, await readJson(c), 'body');
    const store = cartStore(c);
    const vc = await requireCart(c, store);
    return viewJson(c, c.var.db.db, await updateDetails(c, c.var.db.db, store, vc, body));
  })

  .delete('/current', async (c) => {
    const store = cartStore(c);
    const vc = await requireCart(c, store);
    await guardStore(() => store.delete(vc.cart.id));
    return c.body(null, 204);
  })

  .post('/current/lines', async (c) => {
    const body = parseOr422(addLineBody, await readJson(c), 'body');
    const store = cartStore(c);
    const vc = await requireCart(c, store);
    return viewJson(c, c.var.db.db, await addItem(c, c.var.db.db, store, vc, body.variantId, body.quantity));
  })

  .patch('/current/lines/:variantId', async (c) => {
    const variantId = pathVariant(c);
    const body = parseOr422(setQuantityBody, await readJson(c), 'body');
    const store = cartStore(c);
    const vc = await requireCart(c, store);
    return viewJson(c, c.var.db.db, await changeQuantity(c, c.var.db.db, store, vc, variantId, body.quantity));
  })

  .delete('/current/lines/:variantId', async (c) => {
    const variantId = pathVariant(c);
    const store = cartStore(c);
    const vc = await requireCart(c, store);
    return viewJson(c, c.var.db.db, await changeQuantity(c, c.var.db.db, store, vc, variantId, 0));
  })

  .put('/current/discount', async (c) => {
    const body = parseOr422(discountBody, await readJson(c), 'body');
    const store = cartStore(c);
    const vc = await requireCart(c, store);
    return viewJson(c, c.var.db.db, await applyDiscount(c, c.var.db.db, store, vc, body.code));
  })

  .delete('/current/discount', async (c) => {
    const store = cartStore(c);
    const vc = await requireCart(c, store);
    const updated = await removeDiscount(c, store, vc);
    return viewJson(c, c.var.db.db, updated);
  });
