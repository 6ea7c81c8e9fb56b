/** @jsxImportSource hono/jsx */
/** Orders: filtered list, detail with actions (each form carries a one-time idempotency key: a double click acts once). */
import { Hono } from 'hono';
import { csrfToken } from '../../../../../edge/csrf';
import { can } from '../../../../../domain/admin/roles';
import { canTransition, ORDER_STATUS_LABELS, ORDER_STATUSES } from '../../../../../domain/order/state-machine';
import { listAdminOrders, orderExtras } from '../../../../../db/queries/admin/orders';
import { getOrder } from '../../../../../db/queries/orders';
import { fieldErrorsOf } from '../../../../../domain/admin/catalog-input';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { formKey, newFormKey } from '../../services/idempotency';
import { runOrderAction } from '../../services/orders';
import { formatMinor, Layout } from '../../views/layout';
import { orderActionSchema, orderListQuery } from '../api/orders';
import { formOf, str, toMinor } from './forms';

export const orderPages = new Hono<AdminAppEnv>();

orderPages.get('/orders', guard('orders:read'), async (c) => {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== '' && ['status', 'from', 'to', 'email', 'number', 'q', 'page'].includes(k)));
  const parsed = orderListQuery.safeParse(raw);
  const f = parsed.success ? parsed.data : {};
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const { items, total } = await listAdminOrders(c.var.db.db, { ...f, perPage: 50 });
  const v = (k: string) => (typeof raw[k] === 'string' ? raw[k] : '');
  return c.html(
    <Layout title="Orders" principal={c.get('principal')} path="/admin/orders" csrf={csrfToken(c)}>
      <form method="get" class="card row" role="search">
        <div><label for="q">Search</label><input id="q" name="q" value={v('q')} placeholder="#1001, email, name, SKU" /></div>
        <div><label for="status">Status</label><select id="status" name="status"><option value="">any</option>{ORDER_STATUSES.map((s) => <option value={s} selected={v('status') === s}>{ORDER_STATUS_LABELS[s]}</option>)}</select></div>
        <div><label for="from">From</label><input id="from" name="from" type="date" value={v('from')} /></div>
        <div><label for="to">To</label><input id="to" name="to" type="date" value={v('to')} /></div>
        <div><label for="email">Customer email</label><input id="email" name="email" type="email" value={v('email')} /></div>
        <div><label for="number">Order number</label><input id="number" name="number" inputmode="numeric" value={v('number')} /></div>
        <div><button type="submit">Filter</button></div>
      </form>
      {Object.keys(errors).length ? <p class="alert" role="alert">{Object.entries(errors).map(([k, m]) => `${k}: ${m}`).join(' ')}</p> : null}
      <p class="muted">{total} orders</p>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Customer</th><th scope="col">Status</th><th scope="col">Items</th><th scope="col">Total</th></tr></thead>
        <tbody>{items.map((o) => <tr><td><a href={`/admin/orders/${o.id}`}>#{o.number}</a></td><td>{o.placedAt.slice(0, 16).replace('T', ' ')}</td><td>{o.email}</td><td>{ORDER_STATUS_LABELS[o.status]}</td><td>{o.itemCount}</td><td>{formatMinor(o.grandTotal, o.currency)}{o.refundedTotal ? <div class="muted">refunded {formatMinor(o.refundedTotal, o.currency)}</div> : null}</td></tr>)}</tbody>
      </table></div>
    </Layout>,
  );
});

orderPages.get('/orders/:id', guard('orders:read'), async (c) => {
  const id = c.req.param('id');
  const [o, extras] = await Promise.all([getOrder(c.var.db.db, id), orderExtras(c.var.db.db, id)]);
  if (!o) throw new AdminError(404, 'No such order.');
  const p = c.get('principal')!;
  const csrf = csrfToken(c);
  const refunded = extras.refunds.reduce((s, r) => s + r.amount, 0);
  const Action = (props: { action: string; label: string; danger?: boolean; children?: unknown }) => (
    <form method="post" action={`/admin/orders/${o.id}/actions`} class="card">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="action" value={props.action} />
      <input type="hidden" name="idempotencyKey" value={newFormKey()} />
      {props.children as never}
      <button class={props.danger ? 'danger' : ''} type="submit">{props.label}</button>
    </form>
  );
  const writable = can(p.role, 'orders:write');
  return c.html(
    <Layout title={`Order #${o.number}`} principal={p} csrf={csrf} notice={c.req.query('notice')?.slice(0, 300)}>
      <p>Status: <strong>{ORDER_STATUS_LABELS[o.status]}</strong> · placed {o.placedAt.slice(0, 16).replace('T', ' ')} · {o.email} · payment {o.paymentProvider} {o.payment ? `(${o.payment.status})` : ''}</p>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">#</th><th scope="col">Item</th><th scope="col">SKU</th><th scope="col">Qty</th><th scope="col">Unit</th><th scope="col">Total</th></tr></thead>
        <tbody>{o.lines.map((l) => <tr><td>{l.position}</td><td>{l.productTitle} — {l.variantTitle}</td><td>{l.sku}</td><td>{l.quantity}</td><td>{formatMinor(l.unitPrice, o.currency)}</td><td>{formatMinor(l.total, o.currency)}</td></tr>)}</tbody>
        <tfoot><tr><th colspan={5} scope="row">Total</th><td>{formatMinor(o.grandTotal, o.currency)}</td></tr>{refunded ? <tr><th colspan={5} scope="row">Refunded</th><td>{formatMinor(refunded, o.currency)}</td></tr> : null}</tfoot>
      </table></div>
      <p>Ship to: {o.shippingAddress.name}, {o.shippingAddress.line1}, {o.shippingAddress.postalCode} {o.shippingAddress.city}, {o.shippingAddress.country} · {o.shippingMethod.name}</p>
      {extras.fulfillments.map((f) => <p>Shipped with {f.carrier}, tracking {f.trackingNumber} ({f.createdAt.slice(0, 10)})</p>)}
      {writable ? (
        <div class="grid">
          {canTransition(o.status, 'payment_succeeded') ? <Action action="mark_paid" label="Mark as paid" /> : null}
          {canTransition(o.status, 'fulfil') ? (
            <Action action="fulfil" label="Fulfil">
              <label for="carrier">Carrier</label><input id="carrier" name="carrier" required maxlength={60} />
              <label for="trackingNumber">Tracking number</label><input id="trackingNumber" name="trackingNumber" required maxlength={100} />
            </Action>
          ) : null}
          {canTransition(o.status, 'refund') ? (
            <Action action="refund" label="Refund" danger>
              <label for="amount">Amount ({o.currency}), at most {formatMinor(o.grandTotal - refunded, o.currency)}</label>
              <input id="amount" name="amount" inputmode="decimal" required value={((o.grandTotal - refunded) / 100).toFixed(2)} />
              <fieldset><legend>Restock</legend>{o.lines.map((l) => <label style="font-weight:normal">{l.sku}: <input name={`restock.${l.position}`} inputmode="numeric" size={3} value="0" aria-label={`Units of ${l.sku} to restock`} /></label>)}</fieldset>
              <label for="reason">Reason</label><input id="reason" name="reason" maxlength={500} />
            </Action>
          ) : null}
          {canTransition(o.status, 'cancel') ? <Action action="cancel" label={o.status === 'paid' ? 'Cancel and refund' : 'Cancel order'} danger /> : null}
        </div>
      ) : null}
    </Layout>,
  );
});

orderPages.post('/orders/:id/actions', guard('orders:write'), async (c) => {
  const id = c.req.param('id');
  const f = await formOf(c);
  const key = formKey(str(f, 'idempotencyKey'));
  const action = str(f, 'action');
  const body: Record<string, unknown> = { action };
  if (action === 'fulfil') Object.assign(body, { carrier: str(f, 'carrier'), trackingNumber: str(f, 'trackingNumber') });
  if (action === 'refund') {
    const restockLines = Object.keys(f).filter((k) => k.startsWith('restock.')).map((k) => ({ position: Number(k.slice(8)), quantity: Number(str(f, k) || '0') })).filter((r) => r.quantity !== 0);
    Object.assign(body, { amount: toMinor(str(f, 'amount')), restockLines, reason: str(f, 'reason') || null });
  }
  const parsed = orderActionSchema.safeParse(body);
  if (!parsed.success) return c.redirect(`/admin/orders/${id}?notice=${encodeURIComponent(`Not done: ${Object.values(fieldErrorsOf(parsed.error)).join(' ')}`)}`, 303);
  try {
    const r = await runOrderAction(c, id, key, parsed.data);
    return c.redirect(`/admin/orders/${id}?notice=${encodeURIComponent(r.body.replayed ? `Already done: ${r.body.message}` : r.body.message)}`, 303);
  } catch (err) {
    if (err instanceof AdminError && err.status !== 404) return c.redirect(`/admin/orders/${id}?notice=${encodeURIComponent(`Not done: ${err.message}`)}`, 303);
    throw err;
  }
});
