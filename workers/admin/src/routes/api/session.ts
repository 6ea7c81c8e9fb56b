/** POST /admin/api/v1/session (log in), GET (who am I), DELETE (log out). */
import { Hono } from 'hono';
import * as z from 'zod';
import { normalizeEmail } from '../../../../../domain/customers/email';
import { ROLE_PERMISSIONS } from '../../../../../domain/admin/roles';
import { problemResponse } from '../../../../../edge/problem';
import { adminLogin, adminLogout } from '../../auth/service';
import { adminSessions } from '../../auth/sessions';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { jsonBody } from './input';

const loginSchema = z
  .object({
    email: z.string().max(320).transform((v, ctx) => {
      const r = normalizeEmail(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.email;
    }),
    password: z.string().min(1).max(1024),
  })
  .strict();

export const sessionApi = new Hono<AdminAppEnv>();

sessionApi.post('/', async (c) => {
  const input = await jsonBody(c, loginSchema);
  const r = await adminLogin(c, input.email, input.password);
  if (r.kind === 'limited') return problemResponse(429, { detail: 'Too many attempts. Try again later.' }, { 'retry-after': String(r.retryAfterSeconds) });
  if (r.kind === 'invalid') return problemResponse(401, { detail: 'Wrong email or password.' });
  adminSessions.setCookie(c, r.session);
  return c.json({ user: r.user, expiresAt: new Date(r.session.expiresAt).toISOString(), idleTimeoutSeconds: adminSessions.idleSeconds }, 201);
});

sessionApi.get('/', guard('signed-in'), (c) => {
  const p = c.get('principal')!;
  return c.json({ kind: p.kind, id: p.id, label: p.label, role: p.role, permissions: [...ROLE_PERMISSIONS[p.role]] });
});

sessionApi.delete('/', guard('signed-in'), async (c) => {
  await adminLogout(c);
  return c.body(null, 204);
});
