/** Serves the OpenAPI document and a server-rendered reference page (no external scripts). */
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { openApiSpec } from './openapi-spec';

type Param = { name: string; in: string; required?: boolean; description?: string; schema: Record<string, unknown> };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Op = { summary: string; operationId: string; parameters?: readonly Param[]; responses: Record<string, { description: string }> };

function schemaText(s: Record<string, unknown>): string {
  const parts = [String(s.type ?? '')];
  if (Array.isArray(s.enum)) parts.push(`one of ${s.enum.join(', ')}`);
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.default !== undefined) parts.push(`default ${s.default}`);
  return parts.filter(Boolean).join(', ');
}

function DocsPage() {
  // every operation of every path (not only GETs: accounts, carts and checkout write)
  const ops = (Object.entries(openApiSpec.paths) as [string, Partial<Record<string, Op>>][]).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })),
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{openApiSpec.info.title}</title>
        <style>{`body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code{background:#f2f2f2;padding:.1em .3em;border-radius:3px}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}h2{margin-top:2.5rem}
.get,.write{background:#0a6;color:#fff;padding:.1em .5em;border-radius:3px;font-weight:600}.write{background:#0b57d0}`}</style>
      </head>
      <body>
        <main>
          <h1>{openApiSpec.info.title}</h1>
          <p>{openApiSpec.info.description}</p>
          <p>
            Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI {openApiSpec.openapi}).
          </p>
          {ops.map(({ path, method, op }) => (
            <section id={op.operationId}>
              <h2>
                <span class={method === 'get' ? 'get' : 'write'}>{method.toUpperCase()}</span> <code>/api/v1{path}</code>
              </h2>
              <p>{op.summary}</p>
              {op.parameters && op.parameters.length > 0 && (
                <table>
                  <caption class="visually-hidden">Parameters</caption>
                  <thead>
                    <tr>
                      <th scope="col">Parameter</th>
                      <th scope="col">In</th>
                      <th scope="col">Schema</th>
                      <th scope="col">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr>
                        <td>
                          <code>{p.name}</code>
                          {p.required ? ' (required)' : ''}
                        </td>
                        <td>{p.in}</td>
                        <td>{schemaText(p.schema)}</td>
                        <td>{p.description ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h3>Responses</h3>
              <ul>
                {Object.entries(op.responses).map(([status, r]) => (
                  <li>
                    <strong>{status}</strong> {r.description}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}

export const openapi = new Hono<AppEnv>()
  .get('/openapi.json', (c) => c.json(openApiSpec, 200, { 'cache-control': 'public, max-age=300' }))
  .get('/docs', (c) => c.html(<DocsPage />, 200, { 'cache-control': 'public, max-age=300' }));
