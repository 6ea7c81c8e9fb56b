/** The frame of every account page: the site layout (noindex), the account styles and, when signed in, the account menu. */
import type { Child } from 'hono/jsx';
import type { Currency } from '../../../../../domain/money';
import { Layout } from '../layout';
import type { NavItem } from '../shared';
import { ACCOUNT_CSS, CsrfField } from './forms';

export interface ShellProps {
  title: string;
  nav: NavItem[];
  currency: Currency;
  /** when set, the account menu and a log-out button are shown */
  signedIn?: { csrf: string; current: 'overview' | 'orders' | 'addresses' } | undefined;
  wide?: boolean;
  children?: Child;
}

export function AccountShell(props: ShellProps) {
  const s = props.signedIn;
  return (
    <Layout title={props.title} description={`${props.title} — your account.`} nav={props.nav} currency={props.currency} noindex styles={ACCOUNT_CSS}>
      <div class={props.wide ? 'acct wide' : 'acct'}>
        {s ? (
          <nav aria-label="Account">
            <ul class="acct-nav">
              <li>
                <a href="/account" aria-current={s.current === 'overview' ? 'page' : undefined}>
                  Account
                </a>
              </li>
              <li>
                <a href="/account#orders" aria-current={s.current === 'orders' ? 'page' : undefined}>
                  Orders
                </a>
              </li>
              <li>
                <a href="/account/addresses" aria-current={s.current === 'addresses' ? 'page' : undefined}>
                  Addresses
                </a>
              </li>
              <li>
                <form method="post" action="/account/logout" class="inline">
                  <CsrfField token={s.csrf} />
                  <button type="submit" class="secondary">
                    Log out
                  </button>
                </form>
              </li>
            </ul>
          </nav>
        ) : null}
        {props.children}
      </div>
    </Layout>
  );
}
