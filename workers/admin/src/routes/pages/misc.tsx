/** @jsxImportSource hono/jsx */
/** Dashboard, inventory, discounts (list), API tokens, users (list) and the audit log. */
import { Hono, type Context } from 'hono';
import { csrfToken } from '../../../../../edge/csrf';
import { ADJUSTMENT_REASON_LABELS, ADJUSTMENT_REASONS, DEFAULT_LOW_STOCK_THRESHOLD } from '../../../../../domain/admin/inventory';
import { ADMIN_ROLES, can } from '../../../../../domain/admin/roles';
import { fieldErrorsOf, stockAdjustmentSchema } from '../../../../../domain/admin/catalog-input';
import { listAudit } from '../../../../../db/queries/admin/audit';
import { awaitingAction, dashboardSeries } from '../../../../../db/queries/admin/dashboard';
import { adjustmentHistory, getStockLevel, lowStock, searchStock } from '../../../../../db/queries/admin/inventory';
import { listApiTokens } from '../../../../../db/queries/admin/tokens';
import { listAdminUsers } from '../../../../../db/queries/admin/users';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { adjustInventory, changeUser, createToken, inviteUser, revokeToken } from '../../services/admin';
import { formKey, newFormKey } from '../../services/idempotency';
import { OrdersChart } from '../../views/chart';
import { formatMinor, Layout } from '../../views/layout';
import { auditQuery, inviteSchema, tokenSchema } from '../api/admin';
import { formOf, str } from './forms';

export const miscPages = new Hono<AdminAppEnv>();

miscPages.get('/', guard('dashboard:read'), async (c) => {
  const currency = c.req.query('currency') === 'EUR' ? 'EUR' : 'USD';
  const [series, pending, low] = await Promise.all([dashboardSeries(c.var.db.db, currency), awaitingAction(c.var.db.db), lowStock(c.var.db.db, DEFAULT_LOW_STOCK_THRESHOLD, 10)]);
  const today = series[series.length - 1]!;
  return c.html(
    <Layout title="Dashboard" principal={c.get('principal')} path="/admin" csrf={csrfToken(c)}>
      <div class="grid">
        <div class="card"><div class="muted">Orders today</div><strong style="font-size:1.6rem">{today.orders}</strong></div>
        <div class="card"><div class="muted">Revenue today ({currency})</div><strong style="font-size:1.6rem">{formatMinor(today.revenue, currency)}</strong></div>
        <div class="card"><div class="muted">Awaiting payment</div><strong style="font-size:1.6rem">{pending.awaitingPayment}</strong></div>
        <div class="card"><div class="muted">To fulfil</div><strong style="font-size:1.6rem">{pending.toFulfil}</strong></div>
      </div>
      <p><a href={`?currency=${currency === 'USD' ? 'EUR' : 'USD'}`}>Show {currency === 'USD' ? 'EUR' : 'USD'}</a></p>
      <OrdersChart series={series} currency={currency} />
      <section class="card"><h2>Low stock (≤ {DEFAULT_LOW_STOCK_THRESHOLD})</h2>
        <ul>{low.map((l) => <li><a href={`/admin/inventory/${l.variantId}`}>{l.productTitle} — {l.variantTitle} ({l.sku})</a>: {l.available}</li>)}</ul>
        <a href="/admin/inventory">All low stock</a>
      </section>
    </Layout>,
  );
});

miscPages.get('/inventory', guard('inventory:read'), async (c) => {
  const threshold = Math.min(Math.max(Number(c.req.query('threshold') ?? DEFAULT_LOW_STOCK_THRESHOLD) || 0, 0), 100_000);
  const q = (c.req.query('q') ?? '').slice(0, 100);
  const items = await (q ? searchStock(c.var.db.db, q) : lowStock(c.var.db.db, threshold));
  return c.html(
    <Layout title="Inventory" principal={c.get('principal')} path="/admin/inventory" csrf={csrfToken(c)}>
      <form method="get" class="card row">
        <div><label for="threshold">Low-stock threshold</label><input id="threshold" name="threshold" inputmode="numeric" value={String(threshold)} /></div>
        <div><label for="q">or find SKU / product</label><input id="q" name="q" value={q} /></div>
        <div><button type="submit">Show</button></div>
      </form>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Product</th><th scope="col">SKU</th><th scope="col">On hand</th><th scope="col">Reserved</th><th scope="col">Available</th></tr></thead>
        <tbody>{items.map((l) => <tr><td><a href={`/admin/inventory/${l.variantId}`}>{l.productTitle} — {l.variantTitle}</a></td><td>{l.sku}</td><td>{l.onHand}</td><td>{l.reserved}</td><td>{l.available}</td></tr>)}</tbody>
      </table></div>
    </Layout>,
  );
});

async function inventoryPage(c: Context<AdminAppEnv>, errors: Record<string, string> = {}, status: 200 | 409 | 422 = 200) {
  const id = c.req.param('variantId') ?? '';
  const [level, history] = await Promise.all([getStockLevel(c.var.db.db, id), adjustmentHistory(c.var.db.db, id)]);
  if (!level) throw new AdminError(404, 'No such variant.');
  const p = c.get('principal')!;
  return c.html(
    <Layout title={`Stock: ${level.productTitle} — ${level.variantTitle}`} principal={p} csrf={csrfToken(c)} notice={c.req.query('notice')?.slice(0, 200)}>
      <p>SKU {level.sku} · on hand <strong>{level.onHand}</strong> · reserved {level.reserved} · available <strong>{level.available}</strong></p>
      {can(p.role, 'inventory:write') ? (
        <form method="post" class="card row" action={`/admin/inventory/${level.variantId}`}>
          {Object.keys(errors).length ? <p class="alert" role="alert" style="flex-basis:100%">{Object.values(errors).join(' ')}</p> : null}
          <input type="hidden" name="_csrf" value={csrfToken(c)} />
          <input type="hidden" name="idempotencyKey" value={newFormKey()} />
          <div><label for="reason">Reason</label><select id="reason" name="reason">{ADJUSTMENT_REASONS.map((r) => <option value={r}>{ADJUSTMENT_REASON_LABELS[r]}</option>)}</select></div>
          <div><label for="delta">Change (+ adds, − removes)</label><input id="delta" name="delta" inputmode="numeric" required /></div>
          <div><label for="note">Note</label><input id="note" name="note" maxlength={500} /></div>
          <div><button type="submit">Adjust</button></div>
        </form>
      ) : null}
      <h2>History</h2>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">When</th><th scope="col">Change</th><th scope="col">Reason</th><th scope="col">On hand after</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
        <tbody>{history.map((h) => <tr><td>{h.createdAt.slice(0, 16).replace('T', ' ')}</td><td>{h.delta > 0 ? `+${h.delta}` : h.delta}</td><td>{h.reason}</td><td>{h.onHandAfter}</td><td>{h.actorLabel}</td><td>{h.note}</td></tr>)}</tbody>
      </table></div>
    </Layout>,
    status,
  );
}

miscPages.get('/inventory/:variantId', guard('inventory:read'), (c) => inventoryPage(c));
miscPages.post('/inventory/:variantId', guard('inventory:write'), async (c) => {
  const f = await formOf(c);
  const key = formKey(str(f, 'idempotencyKey'));
  const deltaText = str(f, 'delta').trim();
  const parsed = stockAdjustmentSchema.safeParse({ reason: str(f, 'reason'), delta: /^[+-]?\d{1,7}$/.test(deltaText) ? Number(deltaText) : deltaText, note: str(f, 'note') || null });
  if (!parsed.success) return inventoryPage(c, fieldErrorsOf(parsed.error), 422);
  let replayed = false;
  try {
    replayed = (await adjustInventory(c, c.req.param('variantId'), parsed.data, key)).replayed;
  } catch (err) {
    if (err instanceof AdminError && err.status !== 404) return inventoryPage(c, Object.keys(err.fields).length ? err.fields : { _: err.message }, err.status === 409 ? 409 : 422);
    throw err;
  }
  const notice = replayed ? 'Already done: this form was sent twice; stock was adjusted once.' : 'Stock adjusted.';
  return c.redirect(`/admin/inventory/${c.req.param('variantId')}?notice=${encodeURIComponent(notice)}`, 303);
});

miscPages.get('/tokens', guard('tokens:manage'), async (c) => {
  const items = await listApiTokens(c.var.db.db);
  return c.html(
    <Layout title="API tokens" principal={c.get('principal')} path="/admin/tokens" csrf={csrfToken(c)} notice={c.req.query('notice')?.slice(0, 200)}>
      <form method="post" action="/admin/tokens" class="card row">
        <input type="hidden" name="_csrf" value={csrfToken(c)} />
        <div><label for="name">Name</label><input id="name" name="name" required maxlength={100} /></div>
        <div><label for="role">Role</label><select id="role" name="role">{ADMIN_ROLES.map((r) => <option>{r}</option>)}</select></div>
        <div><button type="submit">Create token</button></div>
      </form>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th></tr></thead>
        <tbody>{items.map((t) => <tr><td>{t.name}</td><td><code>{t.prefix}…</code></td><td>{t.role}</td><td>{t.createdAt.slice(0, 10)} {t.createdByEmail ? `by ${t.createdByEmail}` : ''}</td><td>{t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}</td>
          <td>{t.revokedAt ? `revoked ${t.revokedAt.slice(0, 10)}` : <form method="post" action={`/admin/tokens/${t.id}/revoke`}><input type="hidden" name="_csrf" value={csrfToken(c)} /><button class="danger" type="submit">Revoke</button></form>}</td></tr>)}</tbody>
      </table></div>
    </Layout>,
  );
});

miscPages.post('/tokens', guard('tokens:manage'), async (c) => {
  const f = await formOf(c);
  const parsed = tokenSchema.safeParse({ name: str(f, 'name'), role: str(f, 'role') });
  if (!parsed.success) return c.redirect(`/admin/tokens?notice=${encodeURIComponent(Object.values(fieldErrorsOf(parsed.error)).join(' '))}`, 303);
  const { token, secret } = await createToken(c, parsed.data);
  return c.html(
    <Layout title="Token created" principal={c.get('principal')} csrf={csrfToken(c)}>
      <p class="notice" role="status">Copy the secret of “{token.name}” now — it is shown only this once and stored only as a hash.</p>
      <p><label for="secret">Secret</label><input id="secret" readonly value={secret} /></p>
      <p><a href="/admin/tokens">Back to tokens</a></p>
    </Layout>,
    201,
  );
});

miscPages.post('/tokens/:id/revoke', guard('tokens:manage'), async (c) => {
  const t = await revokeToken(c, c.req.param('id'));
  return c.redirect(`/admin/tokens?notice=${encodeURIComponent(`Token “${t.name}” revoked.`)}`, 303);
});

miscPages.get('/users', guard('users:manage'), async (c) => {
  const items = await listAdminUsers(c.var.db.db);
  const me = c.get('principal')!;
  const csrf = csrfToken(c);
  return c.html(
    <Layout title="Admin users" principal={me} path="/admin/users" csrf={csrf} notice={c.req.query('notice')?.slice(0, 300)}>
      <form method="post" action="/admin/users" class="card row">
        <input type="hidden" name="_csrf" value={csrf} />
        <div><label for="email">Email</label><input id="email" name="email" type="email" required /></div>
        <div><label for="name">Name</label><input id="name" name="name" required maxlength={200} /></div>
        <div><label for="role">Role</label><select id="role" name="role">{ADMIN_ROLES.map((r) => <option selected={r === 'staff'}>{r}</option>)}</select></div>
        <div><label for="password">Initial password (12+ characters; share it securely)</label><input id="password" name="password" type="password" autocomplete="new-password" required /></div>
        <div><button type="submit">Add user</button></div>
      </form>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Last login</th><th scope="col">State</th></tr></thead>
        <tbody>{items.map((u) => (
          <tr><td>{u.email}</td><td>{u.name}</td>
            <td>{u.id === me.id ? u.role : (
              <form method="post" action={`/admin/users/${u.id}`} class="row"><input type="hidden" name="_csrf" value={csrf} />
                <select aria-label={`Role of ${u.email}`} name="role">{ADMIN_ROLES.map((r) => <option selected={r === u.role}>{r}</option>)}</select>
                <button class="secondary" type="submit">Change role</button></form>)}</td>
            <td>{u.lastLoginAt?.slice(0, 16).replace('T', ' ') ?? 'never'}</td>
            <td>{u.id === me.id ? 'you' : (
              <form method="post" action={`/admin/users/${u.id}`}><input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="disabled" value={u.disabled ? '0' : '1'} />
                <button class={u.disabled ? 'secondary' : 'danger'} type="submit">{u.disabled ? 'Enable' : 'Disable'}</button></form>)}</td></tr>
        ))}</tbody>
      </table></div>
    </Layout>,
  );
});

miscPages.post('/users', guard('users:manage'), async (c) => {
  const f = await formOf(c);
  const parsed = inviteSchema.safeParse({ email: str(f, 'email'), name: str(f, 'name'), role: str(f, 'role'), password: str(f, 'password') });
  if (!parsed.success) return c.redirect(`/admin/users?notice=${encodeURIComponent(`Not added: ${Object.values(fieldErrorsOf(parsed.error)).join(' ')}`)}`, 303);
  try {
    const u = await inviteUser(c, parsed.data);
    return c.redirect(`/admin/users?notice=${encodeURIComponent(`${u.email} added as ${u.role}.`)}`, 303);
  } catch (err) {
    if (err instanceof AdminError && err.status !== 404) return c.redirect(`/admin/users?notice=${encodeURIComponent(`Not added: ${err.message}`)}`, 303);
    throw err;
  }
});

miscPages.post('/users/:id', guard('users:manage'), async (c) => {
  const f = await formOf(c);
  const role = ADMIN_ROLES.find((r) => r === str(f, 'role'));
  const disabled = str(f, 'disabled') === '1' ? true : str(f, 'disabled') === '0' ? false : undefined;
  if (!role && disabled === undefined) throw new AdminError(400, 'Choose a role or a state.');
  try {
    const u = await changeUser(c, c.req.param('id'), { role, disabled });
    return c.redirect(`/admin/users?notice=${encodeURIComponent(`${u.email}: ${u.role}, ${u.disabled ? 'disabled (signed out everywhere)' : 'active'}.`)}`, 303);
  } catch (err) {
    if (err instanceof AdminError && err.status !== 404) return c.redirect(`/admin/users?notice=${encodeURIComponent(`Not changed: ${err.message}`)}`, 303);
    throw err;
  }
});

miscPages.get('/audit', guard('audit:read'), async (c) => {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== '' && ['actor', 'action', 'entityType', 'entityId', 'from', 'to', 'beforeId'].includes(k)));
  const parsed = auditQuery.safeParse(raw);
  const { items, nextBeforeId } = await listAudit(c.var.db.db, parsed.success ? parsed.data : {});
  const v = (k: string) => (typeof raw[k] === 'string' ? raw[k] : '');
  return c.html(
    <Layout title="Audit log" principal={c.get('principal')} path="/admin/audit" csrf={csrfToken(c)}>
      <form method="get" class="card row">
        <div><label for="actor">Who</label><input id="actor" name="actor" value={v('actor')} /></div>
        <div><label for="action">Action (prefix)</label><input id="action" name="action" value={v('action')} placeholder="product." /></div>
        <div><label for="entityType">Record type</label><input id="entityType" name="entityType" value={v('entityType')} /></div>
        <div><label for="from">From</label><input id="from" name="from" type="date" value={v('from')} /></div>
        <div><label for="to">To</label><input id="to" name="to" type="date" value={v('to')} /></div>
        <div><button type="submit">Filter</button></div>
      </form>
      {!parsed.success ? <p class="alert" role="alert">Some filters are not valid and were ignored.</p> : null}
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Record</th><th scope="col">Before → after</th></tr></thead>
        <tbody>{items.map((a) => <tr><td>{a.at.slice(0, 19).replace('T', ' ')}</td><td>{a.actorLabel}</td><td>{a.action}</td><td>{a.entityType} {a.entityId?.slice(0, 8)}</td>
          <td><details><summary>values</summary><pre style="white-space:pre-wrap;max-width:60ch">{JSON.stringify({ before: a.before, after: a.after }, null, 1).slice(0, 4000)}</pre></details></td></tr>)}</tbody>
      </table></div>
      {nextBeforeId ? <a href={`?${new URLSearchParams({ ...raw, beforeId: String(nextBeforeId) } as Record<string, string>)}`}>Older entries</a> : null}
    </Layout>,
  );
});
