/** One of the customer's orders (pure). */
import type { OrderView } from '../../../../../db/queries/orders';
import type { Currency } from '../../../../../domain/money';
import { fmt, type NavItem } from '../shared';
import { formatDate, ORDER_STATUS_LABELS } from './overview';
import { AccountShell } from './shell';

export function AccountOrderPage(p: { nav: NavItem[]; currency: Currency; csrf: string; order: OrderView }) {
  const o = p.order;
  const a = o.shippingAddress;
  const m = (n: number) => fmt(n, o.currency);
  return (
    <AccountShell title={`Order #${o.number}`} nav={p.nav} currency={p.currency} signedIn={{ csrf: p.csrf, current: 'orders' }} wide>
      <h1>Order #{o.number}</h1>
      <p>
        Placed on {formatDate(o.placedAt)} · <strong>{ORDER_STATUS_LABELS[o.status] ?? o.status}</strong>
      </p>
      <table class="orders">
        <caption class="vh">Items in this order</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">SKU</th>
            <th scope="col" class="num">
              Qty
            </th>
            <th scope="col" class="num">
              Price
            </th>
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {o.lines.map((l) => (
            <tr>
              <th scope="row">
                {l.productTitle}
                {l.variantTitle && l.variantTitle !== 'Default' ? <span class="muted"> — {l.variantTitle}</span> : null}
              </th>
              <td>{l.sku}</td>
              <td class="num">{l.quantity}</td>
              <td class="num">{m(l.unitPrice)}</td>
              <td class="num">{m(l.subtotal)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan={4} class="num">
              Subtotal
            </th>
            <td class="num">{m(o.subtotal)}</td>
          </tr>
          {o.discountTotal > 0 ? (
            <tr>
              <th scope="row" colspan={4} class="num">
                Discount{o.discountCode ? ` (${o.discountCode})` : ''}
              </th>
              <td class="num">−{m(o.discountTotal)}</td>
            </tr>
          ) : null}
          <tr>
            <th scope="row" colspan={4} class="num">
              Shipping ({o.shippingMethod.name})
            </th>
            <td class="num">{m(o.shippingTotal - o.shippingDiscount)}</td>
          </tr>
          <tr>
            <th scope="row" colspan={4} class="num">
              {o.taxIncluded ? 'Tax included' : 'Tax'}
            </th>
            <td class="num">{m(o.taxTotal)}</td>
          </tr>
          <tr>
            <th scope="row" colspan={4} class="num">
              Total
            </th>
            <td class="num">
              <strong>{m(o.grandTotal)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      <h2>Shipping to</h2>
      <address>
        {[a.name, a.line1, a.line2, [a.postalCode, a.city, a.region].filter(Boolean).join(' '), a.country]
          .filter((l): l is string => !!l)
          .map((l, i) => (
            <>
              {i > 0 ? <br /> : null}
              {l}
            </>
          ))}
      </address>
      <p>
        <a href="/account#orders">Back to your orders</a>
      </p>
    </AccountShell>
  );
}
