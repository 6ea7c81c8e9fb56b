/** Reading API input with zod: malformed JSON → 400, invalid fields → 422 with `errors` (path body.<field>). */
import type { Context } from 'hono';
import * as z from 'zod';
import { fieldErrorsOf } from '../../../../../domain/admin/catalog-input';
import { AdminError } from '../../errors';

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AdminError(400, 'The request body is not valid JSON.');
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new AdminError(422, 'Some fields are not valid.', fieldErrorsOf(r.error));
  return r.data;
}

export function queryOf<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const r = schema.safeParse(c.req.query());
  if (!r.success) throw new AdminError(400, 'Some query parameters are not valid.', fieldErrorsOf(r.error));
  return r.data;
}

export const uuidParam = (c: Context, name = 'id'): string => {
  const v = c.req.param(name) ?? '';
  if (!z.uuid().safeParse(v).success) throw new AdminError(404, 'Not found.');
  return v;
};
