/** Log-in and registration pages (pure). Passwords are never echoed back into the form. */
import type { Currency } from '../../../../../domain/money';
import type { NavItem } from '../shared';
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from './forms';
import { AccountShell } from './shell';

interface Common {
  nav: NavItem[];
  currency: Currency;
  csrf: string;
  /** where to go afterwards (a local path) */
  next: string;
}

export interface LoginPageProps extends Common {
  email?: string;
  errors?: FieldErrors;
  /** form-level message, e.g. the uniform "Email or password is incorrect." */
  message?: string;
  notice?: string;
}

const nextQuery = (next: string) => (next && next !== '/account' ? `?next=${encodeURIComponent(next)}` : '');

export function LoginPage(p: LoginPageProps) {
  return (
    <AccountShell title="Log in" nav={p.nav} currency={p.currency}>
      <h1>Log in</h1>
      {p.notice ? <Notice>{p.notice}</Notice> : null}
      <ErrorSummary errors={p.errors} message={p.message} labels={{ email: 'Email', password: 'Password' }} />
      <form method="post" action="/account/login" class="form" novalidate>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="next" value={p.next} />
        <Field name="email" label="Email" type="email" value={p.email} error={p.errors?.email} autocomplete="username" inputmode="email" spellcheck={false} autocapitalize="none" required maxlength={254} />
        <Field name="password" label="Password" type="password" error={p.errors?.password} autocomplete="current-password" required maxlength={256} />
        <p>
          <button type="submit">Log in</button>
        </p>
      </form>
      <p>
        New here? <a href={`/account/register${nextQuery(p.next)}`}>Create an account</a>
      </p>
    </AccountShell>
  );
}

export interface RegisterPageProps extends Common {
  values?: { name?: string; email?: string };
  errors?: FieldErrors;
  message?: string;
}

export function RegisterPage(p: RegisterPageProps) {
  return (
    <AccountShell title="Create an account" nav={p.nav} currency={p.currency}>
      <h1>Create an account</h1>
      <p class="muted">Check out faster, see your orders and keep your addresses in one place.</p>
      <ErrorSummary errors={p.errors} message={p.message} labels={{ name: 'Name', email: 'Email', password: 'Password' }} />
      <form method="post" action="/account/register" class="form" novalidate>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="next" value={p.next} />
        <Field name="name" label="Full name" value={p.values?.name} error={p.errors?.name} autocomplete="name" autocapitalize="words" required maxlength={100} />
        <Field name="email" label="Email" type="email" value={p.values?.email} error={p.errors?.email} autocomplete="email" inputmode="email" spellcheck={false} autocapitalize="none" required maxlength={254} />
        <Field
          name="password"
          label="Password"
          type="password"
          error={p.errors?.password}
          hint="At least 10 characters. Spaces and any characters are welcome; a few unrelated words make a strong password."
          autocomplete="new-password"
          required
          maxlength={256}
        />
        <p>
          <button type="submit">Create account</button>
        </p>
      </form>
      <p>
        Already have an account? <a href={`/account/login${nextQuery(p.next)}`}>Log in</a>
      </p>
    </AccountShell>
  );
}
