/** @jsxImportSource hono/jsx */
/** Login and logout pages. */
import { Hono } from 'hono';
import { csrfToken } from '../../../../../edge/csrf';
import { normalizeEmail } from '../../../../../domain/customers/email';
import { RedisUnavailableError } from '../../../../../edge/redis';
import { adminLogin, adminLogout } from '../../auth/service';
import { adminSessions } from '../../auth/sessions';
import type { AdminAppEnv } from '../../context';
import { Layout } from '../../views/layout';
import { formOf, str } from './forms';

export const authPages = new Hono<AdminAppEnv>();

function safeNext(v: string | undefined): string {
  return v && /^\/admin(\/[A-Za-z0-9/_?=&%.-]*)?$/.test(v) && !v.startsWith('//') && v.length < 300 ? v : '/admin';
}

function LoginForm(props: { csrf: string; next: string; email?: string; error?: string; status?: number }) {
  return (
    <Layout title="Sign in">
      {props.error ? <p class="alert" role="alert">{props.error}</p> : null}
      <form method="post" action="/admin/login" class="card" style="max-width:420px">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
    </Layout>
  );
}

authPages.get('/login', (c) => {
  if (c.get('principal')) return c.redirect(safeNext(c.req.query('next')), 303);
  return c.html(<LoginForm csrf={csrfToken(c)} next={safeNext(c.req.query('next'))} />);
});

authPages.post('/login', async (c) => {
  const f = await formOf(c);
  const next = safeNext(str(f, 'next'));
  const email = normalizeEmail(str(f, 'email'));
  const password = str(f, 'password');
  const render = (status: 400 | 401 | 429 | 503, error: string) => c.html(<LoginForm csrf={csrfToken(c)} next={next} email={str(f, 'email').slice(0, 254)} error={error} />, status);
  if (!email.ok || !password || password.length > 1024) return render(400, 'Enter your email and password.');
  try {
    const r = await adminLogin(c, email.email, password);
    if (r.kind === 'limited') {
      c.header('retry-after', String(r.retryAfterSeconds));
      return render(429, 'Too many attempts. Wait a few minutes and try again.');
    }
    if (r.kind === 'invalid') return render(401, 'Wrong email or password.');
    adminSessions.setCookie(c, r.session);
    return c.redirect(next, 303);
  } catch (err) {
    if (err instanceof RedisUnavailableError) {
      c.header('retry-after', '30');
      return render(503, 'Signing in is temporarily unavailable. Please try again in a minute.');
    }
    throw err;
  }
});

authPages.post('/logout', async (c) => {
  try {
    await adminLogout(c);
  } catch (err) {
    if (!(err instanceof RedisUnavailableError)) throw err;
    adminSessions.clearCookie(c);
  }
  return c.redirect('/admin/login', 303);
});
