/** The account home: profile, order history (paginated), name and password forms, sessions. */
import type { OrderSummary } from '../../../../../db/queries/orders';
import type { OrderStatus } from '../../../../../domain/order/state-machine';
import type { Currency } from '../../../../../domain/money';
import { fmt, plural, type NavItem } from '../shared';
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from './forms';
import { AccountShell } from './shell';

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  fulfilled: 'Shipped',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

export interface AccountOverviewProps {
  nav: NavItem[];
  currency: Currency;
  csrf: string;
  profile: { name: string; email: string; createdAt: string };
  /** null when order history could not be loaded */
  orders: { items: OrderSummary[]; nextCursor: string | null; firstPage: boolean } | null;
  notice?: string | undefined;
  nameForm?: { value?: string; errors?: FieldErrors } | undefined;
  passwordForm?: { errors?: FieldErrors; message?: string } | undefined;
}

export function OrderHistory(props: { orders: AccountOverviewProps['orders'] }) {
  const o = props.orders;
  if (!o) return <p>Your orders cannot be shown right now. Please try again in a moment.</p>;
  if (o.items.length === 0 && o.firstPage) {
    return (
      <p>
        You have not placed any orders yet. <a href="/collections/all">Start shopping</a>
      </p>
    );
  }
  return (
    <>
      <table class="orders">
        <caption class="vh">Your orders, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Date</th>
            <th scope="col">Status</th>
            <th scope="col">Items</th>
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {o.items.map((order) => (
            <tr>
              <th scope="row">
                <a href={`/account/orders/${order.number}`}>#{order.number}</a>
              </th>
              <td>{formatDate(order.placedAt)}</td>
              <td>{ORDER_STATUS_LABELS[order.status] ?? order.status}</td>
              <td>{plural(order.itemCount, 'item', 'items')}</td>
              <td class="num">{fmt(order.grandTotal, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label="Order pages">
        {o.firstPage ? <span /> : <a href="/account#orders">Newest orders</a>}
        {o.nextCursor ? <a href={`/account?orders=${encodeURIComponent(o.nextCursor)}#orders`}>Older orders</a> : null}
      </nav>
    </>
  );
}

export function AccountOverviewPage(p: AccountOverviewProps) {
  return (
    <AccountShell title="Your account" nav={p.nav} currency={p.currency} signedIn={{ csrf: p.csrf, current: 'overview' }} wide>
      <h1>Hello, {p.profile.name}</h1>
      {p.notice ? <Notice>{p.notice}</Notice> : null}
      <p class="muted">
        Signed in as {p.profile.email} · customer since {formatDate(p.profile.createdAt)}
      </p>

      <section aria-labelledby="orders">
        <h2 id="orders">Order history</h2>
        <OrderHistory orders={p.orders} />
      </section>

      <div class="cols">
        <section aria-labelledby="profile-h" class="card-box">
          <h2 id="profile-h">Your details</h2>
          <ErrorSummary errors={p.nameForm?.errors} labels={{ name: 'Name' }} idPrefix="p" />
          <form method="post" action="/account/profile" class="form" novalidate>
            <CsrfField token={p.csrf} />
            <Field idPrefix="p" name="name" label="Full name" value={p.nameForm?.value ?? p.profile.name} error={p.nameForm?.errors?.name} autocomplete="name" required maxlength={100} />
            <p>
              <button type="submit">Save name</button>
            </p>
          </form>
          <p>
            <a href="/account/addresses">Manage your addresses</a>
          </p>
        </section>

        <section aria-labelledby="password-h" class="card-box">
          <h2 id="password-h">Change password</h2>
          <ErrorSummary errors={p.passwordForm?.errors} message={p.passwordForm?.message} labels={{ currentPassword: 'Current password', newPassword: 'New password' }} idPrefix="pw" />
          <form method="post" action="/account/password" class="form" novalidate>
            <CsrfField token={p.csrf} />
            <input type="hidden" name="username" value={p.profile.email} autocomplete="username" />
            <Field idPrefix="pw" name="currentPassword" label="Current password" type="password" error={p.passwordForm?.errors?.currentPassword} autocomplete="current-password" required maxlength={256} />
            <Field
              idPrefix="pw"
              name="newPassword"
              label="New password"
              type="password"
              error={p.passwordForm?.errors?.newPassword}
              hint="At least 10 characters. Changing it signs you out on every other device."
              autocomplete="new-password"
              required
              maxlength={256}
            />
            <p>
              <button type="submit">Change password</button>
            </p>
          </form>
        </section>
      </div>

      <section aria-labelledby="sessions-h">
        <h2 id="sessions-h">Devices</h2>
        <p>Signed in on a shared or lost device? End every session except this one.</p>
        <form method="post" action="/account/sessions/revoke">
          <CsrfField token={p.csrf} />
          <button type="submit" class="secondary">
            Log out everywhere else
          </button>
        </form>
      </section>
    </AccountShell>
  );
}
