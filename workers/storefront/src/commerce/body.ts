/** Request bodies of the JSON API: application/json only, well-formed, or a clear 4xx. */
import type { Context } from 'hono';
import { fail } from './problems';

export async function readJson(c: Context, opts: { optional?: boolean } = {}): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    if (opts.optional) return undefined;
    fail({ status: 400, slug: 'invalid-request', title: 'Your request is not valid', detail: 'A JSON body is required.' });
  }
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    fail({ status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type', detail: 'Send the body as application/json.' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    fail({ status: 400, slug: 'malformed-json', title: 'Malformed JSON', detail: 'The request body is not valid JSON.' });
  }
}
