/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { Layout } from './layout';

const TITLES: Record<number, string> = { 400: 'Bad request', 401: 'Sign in required', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 413: 'Too large', 415: 'Unsupported file', 422: 'Check your input', 429: 'Too many requests', 500: 'Something went wrong', 503: 'Temporarily unavailable' };

export function renderErrorPage(c: Context, status: number, title: string, detail?: string): Response | Promise<Response> {
  return c.html(
    <Layout title={title || TITLES[status] || 'Error'} principal={(c.get('principal') as never) ?? null}>
      <p>{detail ?? (status >= 500 ? 'Please try again in a moment.' : 'Go back and try again.')}</p>
      <p><a href="/admin">Back to the dashboard</a></p>
    </Layout>,
    status as 400,
  );
}
