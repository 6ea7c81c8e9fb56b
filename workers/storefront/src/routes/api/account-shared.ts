/** Helpers shared by the session and customer JSON APIs. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as z from 'zod';
import { problemResponse, type ProblemIssue } from '../../../../../edge/problem';
import type { FieldErrors } from '../../accounts/inputs';
import type { AppEnv } from '../../context';

/** The JSON body, or a 400 problem when it is not valid JSON. */
export async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new HTTPException(400, { res: problemResponse(400, { detail: 'The request body is not valid JSON.' }) });
  }
}

export function fieldProblem(errors: FieldErrors, status = 422, detail = 'Some fields are not valid.'): Response {
  const list: ProblemIssue[] = Object.entries(errors).map(([field, message]) => ({ path: field === '_' ? 'body' : `body.${field}`, message, code: 'invalid' }));
  return problemResponse(status, { detail, errors: list });
}

export function limited(retryAfterSeconds: number): Response {
  return problemResponse(429, { detail: `Too many attempts. Retry after ${retryAfterSeconds} seconds.` }, { 'retry-after': String(retryAfterSeconds) });
}

/** How the client wants its session: the cookie (browsers, default) or a bearer token in the body (API clients). */
export const sessionTransport = z.object({ session: z.enum(['cookie', 'bearer']).optional() });

export function transportOf(body: unknown): 'cookie' | 'bearer' | FieldErrors {
  const r = sessionTransport.safeParse(body && typeof body === 'object' ? body : {});
  if (!r.success) return { session: 'Use "cookie" or "bearer".' };
  return r.data.session ?? 'cookie';
}

/** JSON with `private, no-store`. */
export function privateJson(c: Context<AppEnv>, body: unknown, status: 200 | 201 = 200, headers: Record<string, string> = {}): Response {
  return c.json(body, status, { 'cache-control': 'private, no-store', ...headers });
}
