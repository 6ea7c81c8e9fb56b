/**
 * Cart pages (no JavaScript needed). POST /cart/lines is the product page's
 * "Add to cart" form: that page is edge-cached, so it carries no CSRF token
 * and relies on the origin check; every other form here carries the
 * double-submit token.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import * as z from 'zod';
import { csrfToken, originCheck, requireCsrfToken } from '../../../../../edge/csrf';
import { customerSession } from '../../accounts/middleware';
import { htmlProblems } from '../../commerce/html-errors';
import { isCurrency } from '../../../../../domain/money';
import { formFields, htmlPage, navigation, seeOther } from '../../commerce/html';
import { privateNoStore } from '../../commerce/private';
import { ProblemError } from '../../commerce/problems';
import { shopCurrency } from '../../commerce/settings';
import type { AppEnv } from '../../context';
import { clearCartCookie, readCartId, setCartCookie } from '../../cart/id';
import { addQuantity, discountCode, formInteger, setQuantity, variantId as variantIdSchema } from '../../cart/schemas';
import { addItem, applyDiscount, cartStore, changeQuantity, customerIdOf, findCart, newUnsavedCart, removeDiscount } from '../../cart/service';
import type { VersionedCart } from '../../cart/store';
import { priceCartView } from '../../cart/view';
import { CartPage, type CartPageProps } from '../../views/cart';

type Errors = CartPageProps['errors'];

/** Renders the cart page (status 200, or the error's status when re-rendering a failed form). */
async function renderCart(c: Context<AppEnv>, vc: VersionedCart | null, opts: { status?: number; notice?: string; errors?: Errors } = {}): Promise<Response> {
  const [nav, view] = await Promise.all([
    navigation(c),
    vc ? priceCartView(c.var.db.db, vc.cart, { customerId: customerIdOf(c) }).then((p) => p.view) : Promise.resolve(null),
  ]);
  const csrf = csrfToken(c);
  return htmlPage(c, <CartPage cart={view} csrf={csrf} nav={nav} notice={opts.notice} errors={opts.errors} />, opts.status ?? 200);
}

/** Cart page with the first zod issue as a message. */
function firstIssue(r: z.ZodSafeParseError<unknown>): string {
  return r.error.issues[0]?.message ?? 'That was not valid.';
}

async function existingCart(c: Context<AppEnv>): Promise<VersionedCart | null> {
  return findCart(c, cartStore(c));
}

/** Mounted at /cart. */
export const cartPages = new Hono<AppEnv>()
  .use('*', originCheck(), customerSession({ allowBearer: false }), privateNoStore(), htmlProblems())
  .use('/lines/:variantId/*', requireCsrfToken())
  .use('/lines/:variantId', requireCsrfToken())
  .use('/discount', requireCsrfToken())
  .use('/discount/*', requireCsrfToken())

  .get('/', async (c) => {
    const vc = await existingCart(c);
    if (!vc && readCartId(c).from === 'cookie') clearCartCookie(c);
    const added = c.req.query('added') === '1';
    return renderCart(c, vc, { notice: added && vc ? 'Added to your cart.' : undefined });
  })

  // the product page's form: variant_id, quantity (and currency when not the shop's)
  .post('/lines', async (c) => {
    const f = await formFields(c);
    const vid = variantIdSchema.safeParse(f.variant_id ?? '');
    const qty = addQuantity.safeParse(formInteger(f.quantity ?? '1'));
    const store = cartStore(c);
    const vc = await findCart(c, store);
    if (!vid.success || !qty.success) {
      return renderCart(c, vc, { status: 422, errors: { general: [!vid.success ? 'That item cannot be added: it is not a valid product.' : firstIssue(qty as z.ZodSafeParseError<unknown>)] } });
    }
    const currency = f.currency && isCurrency(f.currency) ? f.currency : shopCurrency(c);
    // no cart yet: one is stored only if the item can be added (bad input writes nothing)
    const current = vc ?? newUnsavedCart(c, currency);
    try {
      await addItem(c, c.var.db.db, store, current, vid.data, qty.data);
    } catch (err) {
      if (err instanceof ProblemError && err.problem.status < 500) {
        return renderCart(c, vc, { status: err.problem.status, errors: { general: [err.problem.detail] } });
      }
      throw err;
    }
    if (!vc) setCartCookie(c, current.cart.id);
    return seeOther(c, '/cart?added=1');
  })

  .post('/lines/:variantId', async (c) => {
    const f = await formFields(c);
    const vid = variantIdSchema.safeParse(c.req.param('variantId'));
    const qty = setQuantity.safeParse(formInteger(f.quantity ?? ''));
    const store = cartStore(c);
    const vc = await findCart(c, store);
    if (!vc || !vid.success) return seeOther(c, '/cart');
    if (!qty.success) return renderCart(c, vc, { status: 422, errors: { lines: { [vid.data]: firstIssue(qty as z.ZodSafeParseError<unknown>) } } });
    try {
      await changeQuantity(c, c.var.db.db, store, vc, vid.data, qty.data);
    } catch (err) {
      if (err instanceof ProblemError && err.problem.status < 500) return renderCart(c, vc, { status: err.problem.status, errors: { lines: { [vid.data]: err.problem.detail } } });
      throw err;
    }
    return seeOther(c, '/cart');
  })

  .post('/lines/:variantId/remove', async (c) => {
    const vid = variantIdSchema.safeParse(c.req.param('variantId'));
    const store = cartStore(c);
    const vc = await findCart(c, store);
    if (vc && vid.success) {
      try {
        await changeQuantity(c, c.var.db.db, store, vc, vid.data, 0);
      } catch (err) {
        if (!(err instanceof ProblemError && err.problem.status === 404)) throw err;
      }
    }
    return seeOther(c, '/cart');
  })

  .post('/discount', async (c) => {
    const f = await formFields(c);
    const store = cartStore(c);
    const vc = await findCart(c, store);
    if (!vc) return seeOther(c, '/cart');
    const code = discountCode.safeParse(f.code ?? '');
    if (!code.success) return renderCart(c, vc, { status: 422, errors: { discount: firstIssue(code as z.ZodSafeParseError<unknown>) } });
    try {
      await applyDiscount(c, c.var.db.db, store, vc, code.data);
    } catch (err) {
      if (err instanceof ProblemError && err.problem.status < 500) return renderCart(c, vc, { status: err.problem.status, errors: { discount: err.problem.detail } });
      throw err;
    }
    return seeOther(c, '/cart');
  })

  .post('/discount/remove', async (c) => {
    const store = cartStore(c);
    const vc = await findCart(c, store);
    if (vc) await removeDiscount(c, store, vc);
    return seeOther(c, '/cart');
  });
