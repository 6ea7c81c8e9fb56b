/** The address book: saved addresses with edit / make default / delete, and the add and edit forms (pure). */
import type { SavedAddress } from '../../../../../db/queries/customer-addresses';
import type { Currency } from '../../../../../domain/money';
import type { NavItem } from '../shared';
import { CsrfField, ErrorSummary, Field, Notice, SelectField, type FieldErrors } from './forms';
import { AccountShell } from './shell';

export interface CountryOption {
  code: string;
  name: string;
  hasRegions: boolean;
}

export type AddressValues = Partial<Record<'name' | 'company' | 'line1' | 'line2' | 'city' | 'region' | 'postalCode' | 'country' | 'phone', string | null>> & { isDefault?: boolean };

const LABELS: Record<string, string> = {
  name: 'Full name',
  company: 'Company',
  line1: 'Street address',
  line2: 'Apartment, suite, etc.',
  city: 'City',
  region: 'State / province',
  postalCode: 'Postal code',
  country: 'Country',
  phone: 'Phone',
};

export function AddressLines(props: { address: SavedAddress; countries: CountryOption[] }) {
  const a = props.address;
  const country = props.countries.find((c) => c.code === a.country)?.name ?? a.country;
  const cityLine = [a.city, a.region, a.postalCode].filter(Boolean).join(', ');
  return (
    <address>
      {[a.name, a.company, a.line1, a.line2, cityLine, country, a.phone]
        .filter((l): l is string => !!l)
        .map((l, i) => (
          <>
            {i > 0 ? <br /> : null}
            {l}
          </>
        ))}
    </address>
  );
}

export function AddressForm(p: { action: string; csrf: string; values?: AddressValues | undefined; errors?: FieldErrors | undefined; countries: CountryOption[]; submitLabel: string; showDefault: boolean }) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <>
      <ErrorSummary errors={e} labels={LABELS} />
      <form method="post" action={p.action} class="form" novalidate>
        <CsrfField token={p.csrf} />
        <Field name="name" label={LABELS.name!} value={v.name} error={e.name} autocomplete="shipping name" required maxlength={100} />
        <Field name="company" label={LABELS.company!} value={v.company} error={e.company} autocomplete="shipping organization" maxlength={100} />
        <Field name="line1" label={LABELS.line1!} value={v.line1} error={e.line1} autocomplete="shipping address-line1" required maxlength={200} />
        <Field name="line2" label={LABELS.line2!} value={v.line2} error={e.line2} autocomplete="shipping address-line2" maxlength={200} />
        <Field name="city" label={LABELS.city!} value={v.city} error={e.city} autocomplete="shipping address-level2" required maxlength={100} />
        <Field
          name="region"
          label={LABELS.region!}
          value={v.region}
          error={e.region}
          hint="For the United States and Canada, the two-letter code (e.g. NY, ON)."
          autocomplete="shipping address-level1"
          maxlength={100}
        />
        <Field name="postalCode" label={LABELS.postalCode!} value={v.postalCode} error={e.postalCode} autocomplete="shipping postal-code" maxlength={20} autocapitalize="characters" />
        <SelectField
          name="country"
          label={LABELS.country!}
          value={v.country ?? 'US'}
          error={e.country}
          autocomplete="shipping country"
          required
          options={p.countries.map((c) => ({ value: c.code, label: c.name }))}
        />
        <Field name="phone" label={LABELS.phone!} type="tel" value={v.phone} error={e.phone} hint="For delivery questions only." autocomplete="shipping tel" inputmode="tel" maxlength={32} />
        {p.showDefault ? (
          <div class="check">
            <input type="checkbox" id="f-isDefault" name="isDefault" value="on" checked={!!v.isDefault} />
            <label for="f-isDefault">Use as my default address</label>
          </div>
        ) : null}
        <p>
          <button type="submit">{p.submitLabel}</button>
        </p>
      </form>
    </>
  );
}

export interface AddressBookProps {
  nav: NavItem[];
  currency: Currency;
  csrf: string;
  addresses: SavedAddress[];
  countries: CountryOption[];
  maxAddresses: number;
  notice?: string | undefined;
  form?: { values?: AddressValues; errors?: FieldErrors; message?: string } | undefined;
}

export function AddressBookPage(p: AddressBookProps) {
  const full = p.addresses.length >= p.maxAddresses;
  return (
    <AccountShell title="Your addresses" nav={p.nav} currency={p.currency} signedIn={{ csrf: p.csrf, current: 'addresses' }} wide>
      <h1>Your addresses</h1>
      {p.notice ? <Notice>{p.notice}</Notice> : null}
      {p.addresses.length === 0 ? (
        <p>You have no saved addresses yet.</p>
      ) : (
        <ul class="addr">
          {p.addresses.map((a) => (
            <li class="card-box">
              {a.isDefault ? <p class="badge">Default</p> : null}
              <AddressLines address={a} countries={p.countries} />
              <div class="actions">
                <a class="btn secondary" href={`/account/addresses/${a.id}/edit`}>
                  Edit<span class="vh"> address of {a.name}, {a.line1}</span>
                </a>
                {a.isDefault ? null : (
                  <form method="post" action={`/account/addresses/${a.id}/default`}>
                    <CsrfField token={p.csrf} />
                    <button type="submit" class="secondary">
                      Make default<span class="vh"> ({a.line1})</span>
                    </button>
                  </form>
                )}
                <form method="post" action={`/account/addresses/${a.id}/delete`}>
                  <CsrfField token={p.csrf} />
                  <button type="submit" class="secondary">
                    Delete<span class="vh"> address {a.line1}</span>
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="add-h" class="acct">
        <h2 id="add-h">Add an address</h2>
        {full ? (
          <p>You have saved the maximum of {p.maxAddresses} addresses. Delete one to add another.</p>
        ) : (
          <>
            {p.form?.message ? <ErrorSummary message={p.form.message} /> : null}
            <AddressForm action="/account/addresses" csrf={p.csrf} values={p.form?.values} errors={p.form?.errors} countries={p.countries} submitLabel="Save address" showDefault={p.addresses.length > 0} />
          </>
        )}
      </section>
    </AccountShell>
  );
}

export function EditAddressPage(p: { nav: NavItem[]; currency: Currency; csrf: string; id: string; values: AddressValues; errors?: FieldErrors | undefined; countries: CountryOption[]; isDefault: boolean }) {
  return (
    <AccountShell title="Edit address" nav={p.nav} currency={p.currency} signedIn={{ csrf: p.csrf, current: 'addresses' }}>
      <h1>Edit address</h1>
      <AddressForm action={`/account/addresses/${p.id}`} csrf={p.csrf} values={p.values} errors={p.errors} countries={p.countries} submitLabel="Save changes" showDefault={!p.isDefault} />
      <p>
        <a href="/account/addresses">Back to your addresses</a>
      </p>
    </AccountShell>
  );
}
