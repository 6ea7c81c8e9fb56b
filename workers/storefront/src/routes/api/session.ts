/**
 * /api/v1/session: log in (POST), who am I + CSRF token (GET), log out (DELETE).
 *
 * Login answers one uniform 401 for an unknown email, a wrong password and a
 * disabled account, after the same amount of password-hashing work. It is
 * rate limited per IP and per account (fails closed: 503 when Redis is
 * unreachable). The session id is issued fresh on every login (the one the
 * request carried, if any, is destroyed: no session fixation), as the
 * `__Host-vt-session` cookie or, with `"session": "bearer"`, as a token in the
 * body for `Authorization: Bearer`.
 */
import { Hono } from 'hono';
import { csrfToken, originCheck } from '../../../../../edge/csrf';
import { createErrorHandler, problemResponse } from '../../../../../edge/problem';
import { validateLogin } from '../../accounts/inputs';
import { accountErrors, csrfForCookieAuth, currentSession, customerSession, requireJson, usesBearer } from '../../accounts/middleware';
import { login, logout, sessionJson } from '../../accounts/service';
import { customerSessions } from '../../accounts/sessions';
import type { AppEnv } from '../../context';
import { fieldProblem, jsonBody, limited, privateJson, transportOf } from './account-shared';

export const sessionApi = new Hono<AppEnv>();
sessionApi.onError(accountErrors(createErrorHandler()));
sessionApi.use('*', originCheck(), requireJson(), csrfForCookieAuth(), customerSession({ allowBearer: true }));

sessionApi.post('/', async (c) => {
  const body = await jsonBody(c);
  const transport = transportOf(body);
  if (typeof transport !== 'string') return fieldProblem(transport);
  const input = validateLogin(body);
  if (!input.ok) return fieldProblem(input.errors);
  const outcome = await login(c, input.value);
  if (outcome.kind === 'limited') return limited(outcome.retryAfterSeconds);
  if (outcome.kind === 'invalid') {
    return problemResponse(401, { title: 'Login failed', detail: 'Email or password is incorrect.' }, { 'www-authenticate': 'Bearer realm="vitrine"' });
  }
  if (transport === 'cookie') customerSessions.setCookie(c, outcome.session);
  return privateJson(c, { customer: outcome.customer, session: sessionJson(outcome.session, transport === 'bearer') });
});

sessionApi.get('/', async (c) => {
  const customer = c.get('customer') ?? null;
  const session = currentSession(c);
  return privateJson(c, {
    authenticated: !!customer,
    customer,
    session: session ? sessionJson(session, false) : null,
    // for browser clients: echo it in `x-csrf-token` on unsafe requests made with the session cookie
    csrfToken: usesBearer(c) ? null : csrfToken(c),
  });
});

sessionApi.delete('/', async (c) => {
  await logout(c);
  return c.body(null, 204, { 'cache-control': 'private, no-store' });
});
