/**
 * /api/v1/customers: register (POST), and for the signed-in customer (/me):
 * profile, password, other sessions, address book, order history.
 * Authentication: the session cookie (then unsafe requests need the CSRF
 * token in `x-csrf-token`, see GET /api/v1/session) or `Authorization: Bearer`.
 * Everything under /me is scoped to the session's customer: another
 * customer's address or order is a 404, exactly like a missing one.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { AddressLimitError, createAddress, deleteAddress, getAddress, listAddresses, MAX_ADDRESSES_PER_CUSTOMER, updateAddress } from '../../../../../db/queries/customer-addresses';
import { getCustomerProfile, updateCustomerName } from '../../../../../db/queries/customers';
import { getOrderForCustomerByNumber, InvalidOrderCursorError, listOrdersForCustomer } from '../../../../../db/queries/orders';
import { originCheck } from '../../../../../edge/csrf';
import { createErrorHandler, problemResponse, zodIssues } from '../../../../../edge/problem';
import { validateAddressInput, validatePasswordChange, validateProfile, validateRegistration } from '../../accounts/inputs';
import { accountErrors, csrfForCookieAuth, customerSession, requireCustomer, requireJson, usesBearer } from '../../accounts/middleware';
import { changePassword, endOtherSessions, logout, register, sessionJson } from '../../accounts/service';
import { customerSessions } from '../../accounts/sessions';
import type { AppEnv } from '../../context';
import { fieldProblem, jsonBody, limited, privateJson, transportOf } from './account-shared';

type C = Context<AppEnv>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = (what: string) => problemResponse(404, { detail: `There is no such ${what} in your account.` });
const me = (c: C) => c.get('customer')!;

const ordersQuery = z.strictObject({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const customersApi = new Hono<AppEnv>();
customersApi.onError(accountErrors(createErrorHandler()));
customersApi.use('*', originCheck(), requireJson(), csrfForCookieAuth(), customerSession({ allowBearer: true }));

customersApi.post('/', async (c) => {
  const body = await jsonBody(c);
  const transport = transportOf(body);
  if (typeof transport !== 'string') return fieldProblem(transport);
  const input = validateRegistration(body);
  if (!input.ok) return fieldProblem(input.errors);
  const outcome = await register(c, input.value);
  if (outcome.kind === 'limited') return limited(outcome.retryAfterSeconds);
  if (outcome.kind === 'taken') {
    return problemResponse(409, {
      detail: 'An account with this email already exists.',
      errors: [{ path: 'body.email', message: 'An account with this email already exists.', code: 'taken' }],
    });
  }
  if (transport === 'cookie') customerSessions.setCookie(c, outcome.session);
  return privateJson(c, { customer: outcome.customer, session: sessionJson(outcome.session, transport === 'bearer') }, 201, { location: '/api/v1/customers/me' });
});

customersApi.use('/me', requireCustomer());
customersApi.use('/me/*', requireCustomer());

customersApi.get('/me', async (c) => {
  const profile = await getCustomerProfile(c.var.db.db, me(c).id);
  if (!profile) {
    await logout(c);
    return problemResponse(401, { detail: 'This account is no longer available.' });
  }
  return privateJson(c, { customer: profile });
});

customersApi.patch('/me', async (c) => {
  const input = validateProfile(await jsonBody(c));
  if (!input.ok) return fieldProblem(input.errors);
  const profile = await updateCustomerName(c.var.db.db, me(c).id, input.value.name);
  if (!profile) return problemResponse(401, { detail: 'This account is no longer available.' });
  return privateJson(c, { customer: profile });
});

customersApi.put('/me/password', async (c) => {
  const input = validatePasswordChange(await jsonBody(c), { email: me(c).email });
  if (!input.ok) return fieldProblem(input.errors);
  const outcome = await changePassword(c, me(c).id, input.value.currentPassword, input.value.newPassword);
  if (outcome.kind === 'limited') return limited(outcome.retryAfterSeconds);
  if (outcome.kind === 'wrong-password') return fieldProblem({ currentPassword: 'That is not your current password.' });
  if (outcome.kind === 'gone') return problemResponse(401, { detail: 'This account is no longer available.' });
  const bearer = usesBearer(c);
  if (!bearer) customerSessions.setCookie(c, outcome.session);
  return privateJson(c, { session: sessionJson(outcome.session, bearer) });
});

customersApi.delete('/me/sessions', async (c) => {
  const ended = await endOtherSessions(c, me(c).id);
  return privateJson(c, { ended });
});

customersApi.get('/me/addresses', async (c) => {
  const items = await listAddresses(c.var.db.db, me(c).id);
  return privateJson(c, { items, limit: MAX_ADDRESSES_PER_CUSTOMER });
});

customersApi.post('/me/addresses', async (c) => {
  const input = validateAddressInput(await jsonBody(c));
  if (!input.ok) return fieldProblem(input.errors);
  try {
    const address = await createAddress(c.var.db, me(c).id, input.value.address, { makeDefault: input.value.makeDefault });
    return privateJson(c, { address }, 201, { location: `/api/v1/customers/me/addresses/${address.id}` });
  } catch (err) {
    if (err instanceof AddressLimitError) return problemResponse(409, { detail: `At most ${MAX_ADDRESSES_PER_CUSTOMER} addresses can be saved.` });
    throw err;
  }
});

customersApi.get('/me/addresses/:id', async (c) => {
  const id = c.req.param('id');
  const address = UUID.test(id) ? await getAddress(c.var.db.db, me(c).id, id) : null;
  return address ? privateJson(c, { address }) : notFound('address');
});

customersApi.put('/me/addresses/:id', async (c) => {
  const id = c.req.param('id');
  if (!UUID.test(id)) return notFound('address');
  const input = validateAddressInput(await jsonBody(c));
  if (!input.ok) return fieldProblem(input.errors);
  const address = await updateAddress(c.var.db, me(c).id, id, input.value.address, { makeDefault: input.value.makeDefault });
  return address ? privateJson(c, { address }) : notFound('address');
});

customersApi.delete('/me/addresses/:id', async (c) => {
  const id = c.req.param('id');
  const gone = UUID.test(id) ? await deleteAddress(c.var.db, me(c).id, id) : false;
  return gone ? c.body(null, 204, { 'cache-control': 'private, no-store' }) : notFound('address');
});

customersApi.get('/me/orders', async (c) => {
  const q = ordersQuery.safeParse(c.req.query());
  if (!q.success) return problemResponse(400, { detail: 'Invalid query parameters.', errors: zodIssues(q.error, 'query') });
  try {
    const page = await listOrdersForCustomer(c.var.db.db, me(c).id, q.data);
    return privateJson(c, page);
  } catch (err) {
    if (err instanceof InvalidOrderCursorError) {
      return problemResponse(400, { detail: err.message, errors: [{ path: 'query.cursor', message: err.message, code: 'invalid_cursor' }] });
    }
    throw err;
  }
});

customersApi.get('/me/orders/:number', async (c) => {
  const raw = c.req.param('number');
  const number = /^[0-9]{1,12}$/.test(raw) ? Number(raw) : NaN;
  const order = Number.isSafeInteger(number) ? await getOrderForCustomerByNumber(c.var.db.db, me(c).id, number) : null;
  return order ? privateJson(c, { order }) : notFound('order');
});
