/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { can, type Permission } from '../../../../domain/admin/roles';
import type { Principal } from '../context';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1b1b1f;background:#f6f6f8}
a{color:#2644c4}header{background:#1b1b1f;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
header a{color:#fff;text-decoration:none;padding:.25rem .4rem;border-radius:4px}header a[aria-current=page]{background:#3a3a44}
header .me{margin-left:auto;font-size:.85rem}main{max-width:1100px;margin:0 auto;padding:1rem}
table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #e3e3e8;vertical-align:top}
.card{background:#fff;border:1px solid #e3e3e8;border-radius:8px;padding:1rem;margin:0 0 1rem}.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(180px,1fr))}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}input,select,textarea{font:inherit;padding:.4rem;border:1px solid #b9b9c3;border-radius:4px;width:100%;max-width:100%}
input[type=checkbox]{width:auto}button,.button{font:inherit;padding:.45rem .9rem;border-radius:4px;border:1px solid #2644c4;background:#2644c4;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#2644c4}button.danger{background:#b3261e;border-color:#b3261e}.error{color:#b3261e}.field-error{color:#b3261e;font-size:.9rem}
.notice{background:#e7f3e8;border:1px solid #9bc59f;padding:.5rem 1rem;border-radius:6px}.alert{background:#fdecea;border:1px solid #e2a39e;padding:.5rem 1rem;border-radius:6px}
.inline{display:inline}.row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end}.muted{color:#5d5d66;font-size:.9rem}
.table-wrap{overflow-x:auto}.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:640px){main{padding:.5rem}th,td{padding:.35rem}}
`;

const NAV: [string, string, Permission][] = [
  ['/admin', 'Dashboard', 'dashboard:read'],
  ['/admin/products', 'Products', 'catalog:read'],
  ['/admin/collections', 'Collections', 'catalog:read'],
  ['/admin/orders', 'Orders', 'orders:read'],
  ['/admin/inventory', 'Inventory', 'inventory:read'],
  ['/admin/discounts', 'Discounts', 'discounts:read'],
  ['/admin/tokens', 'API tokens', 'tokens:manage'],
  ['/admin/users', 'Users', 'users:manage'],
  ['/admin/audit', 'Audit log', 'audit:read'],
];

export function Layout(props: { title: string; principal?: Principal | null | undefined; path?: string; csrf?: string; notice?: string | undefined; children?: Child }) {
  const p = props.principal;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · Vitrine admin`}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <a class="sr-only" href="#main">Skip to content</a>
        <header>
          <strong>Vitrine admin</strong>
          {p ? (
            <nav aria-label="Admin sections">
              {NAV.filter(([, , perm]) => can(p.role, perm)).map(([href, label]) => (
                <a href={href} aria-current={props.path === href ? 'page' : undefined}>
                  {label}
                </a>
              ))}
            </nav>
          ) : null}
          {p && p.kind === 'user' ? (
            <form class="me" method="post" action="/admin/logout">
              <span>
                {p.label} ({p.role}){' '}
              </span>
              <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
              <button class="secondary" type="submit">
                Log out
              </button>
            </form>
          ) : null}
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.notice ? (
            <p class="notice" role="status">
              {props.notice}
            </p>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function FieldError(props: { errors: Record<string, string>; name: string }) {
  const e = props.errors[props.name];
  return e ? (
    <p class="field-error" id={`${props.name}-error`}>
      {e}
    </p>
  ) : null;
}

export function formatMinor(amount: number | null | undefined, currency = 'USD'): string {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
}
