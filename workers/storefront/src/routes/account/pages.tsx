/**
 * Account pages, mounted at /account: register, log in, log out, the
 * account home (profile + order history + password), the address book and
 * order details. Plain HTML forms (work without JavaScript), each POST
 * protected by the origin check and the double-submit CSRF token; field
 * errors re-render the form (422) keeping what was typed (never passwords).
 * Every response is `private, no-store`.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AddressLimitError, createAddress, deleteAddress, getAddress, listAddresses, MAX_ADDRESSES_PER_CUSTOMER, setDefaultAddress, updateAddress } from '../../../../../db/queries/customer-addresses';
import { getCustomerProfile, updateCustomerName } from '../../../../../db/queries/customers';
import { getOrderForCustomerByNumber, InvalidOrderCursorError, listOrdersForCustomer } from '../../../../../db/queries/orders';
import { CSRF_COOKIE, csrfToken, originCheck, requireCsrfToken } from '../../../../../edge/csrf';
import { createErrorHandler } from '../../../../../edge/problem';
import { ADDRESS_COUNTRIES, validateAddressInput, validateLogin, validatePasswordChange, validateProfile, validateRegistration } from '../../accounts/inputs';
import { accountErrors, customerSession, requireCustomer } from '../../accounts/middleware';
import { safeNextPath } from '../../accounts/next-path';
import { changePassword, endOtherSessions, login, logout, register } from '../../accounts/service';
import { customerSessions } from '../../accounts/sessions';
import type { AppEnv, SessionCustomer } from '../../context';
import { AccountOrderPage, AccountOverviewPage, AddressBookPage, EditAddressPage, LoginPage, RegisterPage } from '../../views/account';
import { renderErrorPage } from '../pages';
import { formFields, frame, noticeOf, page } from './shared';

type C = Context<AppEnv>;
const LOGIN_FAILED = 'Email or password is incorrect.';
const tooMany = (s: number) => `Too many attempts. Please wait ${s > 90 ? `${Math.ceil(s / 60)} minutes` : `${s} seconds`} and try again.`;

const me = (c: C): SessionCustomer => c.get('customer')!;

/** After login, registration and logout the CSRF token is re-issued (a token seen before login is not reused after it). */
function rotateCsrf(c: C): void {
  deleteCookie(c, CSRF_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
}

function uuidParam(c: C): string {
  const id = c.req.param('id') ?? '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new HTTPException(404, { message: 'There is no such address.' });
  return id;
}

async function overview(c: C, extra: Partial<Parameters<typeof AccountOverviewPage>[0]> = {}, status: ContentfulStatusCode = 200): Promise<Response> {
  const customer = me(c);
  const cursor = c.req.query('orders') || null;
  const [f, data] = await Promise.all([
    frame(c),
    (async (db) => {
      // profile and order history in parallel: two HTTP queries, no connection to open
      const [profile, orders] = await Promise.all([
        getCustomerProfile(db, customer.id),
        listOrdersForCustomer(db, customer.id, { cursor, limit: 10 }).then(
          (p): Parameters<typeof AccountOverviewPage>[0]['orders'] => ({ ...p, firstPage: !cursor }),
          (err) => {
            if (err instanceof InvalidOrderCursorError) throw new HTTPException(400, { message: err.message });
            return null; // history unavailable: the rest of the page still works
          },
        ),
      ]);
      return profile ? { profile, orders } : null;
    })(c.var.db.db),
  ]);
  if (!data) {
    // account deleted or disabled since login: end the session
    await logout(c);
    return c.redirect('/account/login', 303);
  }
  return page(c, <AccountOverviewPage {...f} csrf={csrfToken(c)} profile={data.profile} orders={data.orders} notice={noticeOf(c)} {...extra} />, status);
}

async function addressBook(c: C, form?: Parameters<typeof AddressBookPage>[0]['form'], status: ContentfulStatusCode = 200): Promise<Response> {
  const [f, addresses] = await Promise.all([frame(c), listAddresses(c.var.db.db, me(c).id)]);
  return page(c, <AddressBookPage {...f} csrf={csrfToken(c)} addresses={addresses} countries={ADDRESS_COUNTRIES} maxAddresses={MAX_ADDRESSES_PER_CUSTOMER} notice={noticeOf(c)} form={form} />, status);
}

export const accountPages = new Hono<AppEnv>();
accountPages.onError(accountErrors(createErrorHandler(renderErrorPage)));
accountPages.use('*', originCheck(), requireCsrfToken(), customerSession({ allowBearer: false }));

// ---- log in / register / log out (no session needed) ----

accountPages.get('/login', async (c) => {
  const next = safeNextPath(c.req.query('next'));
  if (c.get('customer')) return c.redirect(next, 303);
  return page(c, <LoginPage {...await frame(c)} csrf={csrfToken(c)} next={next} notice={noticeOf(c)} />);
});

accountPages.post('/login', async (c) => {
  const form = await formFields(c);
  const next = safeNextPath(form.next);
  const f = await frame(c);
  const again = (props: Partial<Parameters<typeof LoginPage>[0]>, status: ContentfulStatusCode, headers: Record<string, string> = {}) =>
    page(c, <LoginPage {...f} csrf={csrfToken(c)} next={next} email={form.email?.slice(0, 254)} {...props} />, status, headers);
  const input = validateLogin(form);
  if (!input.ok) return again({ errors: input.errors }, 422);
  const outcome = await login(c, input.value);
  if (outcome.kind === 'limited') return again({ message: tooMany(outcome.retryAfterSeconds) }, 429, { 'retry-after': String(outcome.retryAfterSeconds) });
  if (outcome.kind === 'invalid') return again({ message: LOGIN_FAILED }, 422);
  customerSessions.setCookie(c, outcome.session);
  rotateCsrf(c);
  return c.redirect(next, 303);
});

accountPages.get('/register', async (c) => {
  const next = safeNextPath(c.req.query('next'));
  if (c.get('customer')) return c.redirect(next, 303);
  return page(c, <RegisterPage {...await frame(c)} csrf={csrfToken(c)} next={next} />);
});

accountPages.post('/register', async (c) => {
  const form = await formFields(c);
  const next = safeNextPath(form.next);
  const f = await frame(c);
  const values = { name: form.name?.slice(0, 100), email: form.email?.slice(0, 254) };
  const again = (props: Partial<Parameters<typeof RegisterPage>[0]>, status: ContentfulStatusCode, headers: Record<string, string> = {}) =>
    page(c, <RegisterPage {...f} csrf={csrfToken(c)} next={next} values={values} {...props} />, status, headers);
  const input = validateRegistration(form);
  if (!input.ok) return again({ errors: input.errors }, 422);
  const outcome = await register(c, input.value);
  if (outcome.kind === 'limited') return again({ message: tooMany(outcome.retryAfterSeconds) }, 429, { 'retry-after': String(outcome.retryAfterSeconds) });
  if (outcome.kind === 'taken') {
    return again({ errors: { email: 'An account with this email already exists. Log in instead, or use another email.' } }, 409);
  }
  customerSessions.setCookie(c, outcome.session);
  rotateCsrf(c);
  return c.redirect(next === '/account' ? '/account?done=welcome' : next, 303);
});

accountPages.post('/logout', async (c) => {
  await logout(c);
  rotateCsrf(c);
  return c.redirect('/account/login?done=logged-out', 303);
});

// ---- signed in ----

accountPages.use('*', async (c, next) => {
  const p = c.req.path;
  if (p === '/account/login' || p === '/account/register' || p === '/account/logout') return next();
  return requireCustomer()(c, next);
});

accountPages.get('/', (c) => overview(c));

accountPages.post('/profile', async (c) => {
  const form = await formFields(c);
  const input = validateProfile(form);
  if (!input.ok) return overview(c, { nameForm: { value: form.name?.slice(0, 100), errors: input.errors } }, 422);
  const saved = await updateCustomerName(c.var.db.db, me(c).id, input.value.name);
  if (!saved) throw new HTTPException(404, { message: 'This account no longer exists.' });
  return c.redirect('/account?done=name', 303);
});

accountPages.post('/password', async (c) => {
  const form = await formFields(c);
  const input = validatePasswordChange(form, { email: me(c).email });
  if (!input.ok) return overview(c, { passwordForm: { errors: input.errors } }, 422);
  const outcome = await changePassword(c, me(c).id, input.value.currentPassword, input.value.newPassword);
  if (outcome.kind === 'limited') return overview(c, { passwordForm: { message: tooMany(outcome.retryAfterSeconds) } }, 429);
  if (outcome.kind === 'wrong-password') return overview(c, { passwordForm: { errors: { currentPassword: 'That is not your current password.' } } }, 422);
  if (outcome.kind === 'gone') {
    await logout(c);
    return c.redirect('/account/login', 303);
  }
  customerSessions.setCookie(c, outcome.session);
  rotateCsrf(c);
  return c.redirect('/account?done=password', 303);
});

accountPages.post('/sessions/revoke', async (c) => {
  await endOtherSessions(c, me(c).id);
  return c.redirect('/account?done=sessions', 303);
});

accountPages.get('/orders/:number{[0-9]{1,12}}', async (c) => {
  const number = Number(c.req.param('number'));
  const [f, order] = await Promise.all([frame(c), getOrderForCustomerByNumber(c.var.db.db, me(c).id, number)]);
  // another customer's order is indistinguishable from a missing one
  if (!order) throw new HTTPException(404, { message: 'There is no such order in your account.' });
  return page(c, <AccountOrderPage {...f} csrf={csrfToken(c)} order={order} />);
});

accountPages.get('/addresses', (c) => addressBook(c));

accountPages.post('/addresses', async (c) => {
  const form = await formFields(c);
  const input = validateAddressInput(form);
  if (!input.ok) return addressBook(c, { values: { ...form, isDefault: !!form.isDefault }, errors: input.errors }, 422);
  try {
    await createAddress(c.var.db, me(c).id, input.value.address, { makeDefault: input.value.makeDefault });
  } catch (err) {
    if (err instanceof AddressLimitError) return addressBook(c, { message: `You can save up to ${MAX_ADDRESSES_PER_CUSTOMER} addresses.` }, 409);
    throw err;
  }
  return c.redirect('/account/addresses?done=added', 303);
});

accountPages.get('/addresses/:id/edit', async (c) => {
  const id = uuidParam(c);
  const [f, address] = await Promise.all([frame(c), getAddress(c.var.db.db, me(c).id, id)]);
  if (!address) throw new HTTPException(404, { message: 'There is no such address.' });
  return page(c, <EditAddressPage {...f} csrf={csrfToken(c)} id={id} values={address} countries={ADDRESS_COUNTRIES} isDefault={address.isDefault} />);
});

accountPages.post('/addresses/:id', async (c) => {
  const id = uuidParam(c);
  const form = await formFields(c);
  const input = validateAddressInput(form);
  if (!input.ok) {
    const [f, existing] = await Promise.all([frame(c), getAddress(c.var.db.db, me(c).id, id)]);
    if (!existing) throw new HTTPException(404, { message: 'There is no such address.' });
    return page(c, <EditAddressPage {...f} csrf={csrfToken(c)} id={id} values={form} errors={input.errors} countries={ADDRESS_COUNTRIES} isDefault={existing.isDefault} />, 422);
  }
  const saved = await updateAddress(c.var.db, me(c).id, id, input.value.address, { makeDefault: input.value.makeDefault });
  if (!saved) throw new HTTPException(404, { message: 'There is no such address.' });
  return c.redirect('/account/addresses?done=updated', 303);
});

accountPages.post('/addresses/:id/default', async (c) => {
  const id = uuidParam(c);
  const saved = await setDefaultAddress(c.var.db, me(c).id, id);
  if (!saved) throw new HTTPException(404, { message: 'There is no such address.' });
  return c.redirect('/account/addresses?done=default', 303);
});

accountPages.post('/addresses/:id/delete', async (c) => {
  const id = uuidParam(c);
  const gone = await deleteAddress(c.var.db, me(c).id, id);
  if (!gone) throw new HTTPException(404, { message: 'There is no such address.' });
  return c.redirect('/account/addresses?done=deleted', 303);
});
