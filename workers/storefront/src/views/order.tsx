/** Order confirmation / status page (guests through their signed link, customers through their account). */
import { formatAddress } from '../../../../domain/address';
import { formatOrderNumber, MANUAL_PAYMENT_INSTRUCTIONS } from '../../../../domain/order/confirmation';
import { ORDER_STATUS_LABELS } from '../../../../domain/order/state-machine';
import type { ShopSettings } from '../../../../domain/pricing/settings';
import type { OrderView } from '../../../../db/queries/orders';
import { COMMERCE_CSS } from './commerce-styles';
import { Layout } from './layout';
import { fmt, type NavItem } from './shared';

export interface OrderPageProps {
  order: OrderView;
  settings: ShopSettings;
  nav: NavItem[];
}

export function OrderPage(props: OrderPageProps) {
  const { order: o, settings } = props;
  const m = (n: number) => fmt(n, o.currency);
  const name = formatOrderNumber(o.number);
  const awaiting = o.status === 'pending_payment';
  const shipping = o.shippingTotal - o.shippingDiscount;
  const thanks = o.status === 'paid' || awaiting;
  return (
    <Layout title={`Order ${name}`} description={`Order ${name}`} nav={props.nav} currency={o.currency} noindex styles={COMMERCE_CSS} referrerPolicy="no-referrer">
      <p class="muted">Order {name}</p>
      <h1>{thanks ? 'Thank you for your order!' : `Order ${name}`}</h1>
      <p class={o.status === 'cancelled' ? 'alert' : 'notice'} role="status">
        Status: <strong>{ORDER_STATUS_LABELS[o.status]}</strong>.{' '}
        {awaiting && o.paymentProvider === 'manual'
          ? 'Your items are reserved. We ship as soon as your payment arrives.'
          : o.status === 'paid'
            ? `We have received your payment. A confirmation is on its way to ${o.email}.`
            : o.status === 'cancelled'
              ? 'This order was cancelled; nothing was charged.'
              : ''}
      </p>
      {awaiting && o.paymentProvider === 'manual' ? (
        <section class="panel" aria-labelledby="pay-title">
          <h2 id="pay-title">How to pay</h2>
          {MANUAL_PAYMENT_INSTRUCTIONS.map((l) => (
            <p>{l}</p>
          ))}
          <p>
            Payment reference: <strong>{name}</strong> · Amount: <strong>{m(o.grandTotal)}</strong>
          </p>
        </section>
      ) : null}
      <div class="summary">
        <section class="panel" aria-labelledby="items-title">
          <h2 id="items-title">Items</h2>
          <table class="cart-lines">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" class="num">
                  Qty
                </th>
                <th scope="col" class="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {o.lines.map((l) => (
                <tr>
                  <td>
                    {l.productTitle}
                    {l.variantTitle && l.variantTitle !== 'Default' ? <div class="muted">{l.variantTitle}</div> : null}
                    <div class="muted">SKU {l.sku} · {m(l.unitPrice)} each</div>
                  </td>
                  <td class="num">{l.quantity}</td>
                  <td class="num">{m(l.subtotal - l.discount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="totals">
            <tbody>
              <tr>
                <th scope="row">Subtotal</th>
                <td>{m(o.subtotal)}</td>
              </tr>
              {o.discountTotal > 0 ? (
                <tr>
                  <th scope="row">Discount{o.discountCode ? ` (${o.discountCode})` : ''}</th>
                  <td>−{m(o.discountTotal)}</td>
                </tr>
              ) : null}
              <tr>
                <th scope="row">Shipping ({o.shippingMethod.name})</th>
                <td>{shipping === 0 ? 'Free' : m(shipping)}</td>
              </tr>
              <tr>
                <th scope="row">{o.taxIncluded ? 'Including tax' : 'Tax'}</th>
                <td>{m(o.taxTotal)}</td>
              </tr>
              <tr class="grand">
                <th scope="row">Total</th>
                <td>
                  {m(o.grandTotal)} <span class="muted">{o.currency}</span>
                </td>
              </tr>
            </tbody>
          </table>
        </section>
        <section class="panel" aria-labelledby="ship-title">
          <h2 id="ship-title">Shipping to</h2>
          <address>
            {formatAddress(settings, o.shippingAddress).map((l) => (
              <>
                {l}
                <br />
              </>
            ))}
          </address>
          <p class="muted">
            {o.shippingMethod.name} · {o.shippingMethod.description}
          </p>
          <h2>Payment</h2>
          <p>
            {o.paymentProvider === 'manual' ? 'Bank transfer' : 'Card'}
            {o.payment?.cardLast4 ? ` ending in ${o.payment.cardLast4}` : ''}
          </p>
          <p class="muted">Placed {new Date(o.placedAt).toUTCString()}</p>
        </section>
      </div>
      <p>
        <a href="/collections/all">Continue shopping</a>
      </p>
    </Layout>
  );
}

export function CheckoutProcessingPage(props: { nav: NavItem[] }) {
  return (
    <Layout title="Processing your order" description="Processing your order" nav={props.nav} currency="USD" noindex styles={COMMERCE_CSS}>
      <h1>We are still processing your order</h1>
      <p>Your order is being placed right now. Please do not submit it again: you will receive a confirmation by email in a moment.</p>
      <p>
        <a href="/cart">Back to your cart</a>
      </p>
    </Layout>
  );
}
