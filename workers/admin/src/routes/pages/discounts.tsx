/** @jsxImportSource hono/jsx */
/** Discount codes: list with usage, create and edit forms (amounts typed as decimals), deactivate/delete. */
import { Hono, type Context } from 'hono';
import { csrfToken } from '../../../../../edge/csrf';
import { discountInputSchema, fieldErrorsOf } from '../../../../../domain/admin/catalog-input';
import { can } from '../../../../../domain/admin/roles';
import { getAdminDiscount, listAdminDiscounts, type AdminDiscount } from '../../../../../db/queries/admin/discounts';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { removeDiscountAudited, saveDiscountAudited } from '../../services/admin';
import { FieldError, formatMinor, Layout } from '../../views/layout';
import { formOf, str, toMinor, type Form } from './forms';

type C = Context<AdminAppEnv>;
export const discountPages = new Hono<AdminAppEnv>();

const dec = (n: number | undefined | null) => (n === undefined || n === null ? '' : (n / 100).toFixed(2));
const local = (iso: string | null) => (iso ? iso.slice(0, 16) : '');

discountPages.get('/discounts', guard('discounts:read'), async (c) => {
  const items = await listAdminDiscounts(c.var.db.db);
  const p = c.get('principal')!;
  return c.html(
    <Layout title="Discounts" principal={p} path="/admin/discounts" csrf={csrfToken(c)} notice={c.req.query('notice')?.slice(0, 200)}>
      {can(p.role, 'discounts:write') ? <p><a class="button" href="/admin/discounts/new">New discount code</a></p> : null}
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Code</th><th scope="col">Kind</th><th scope="col">Value</th><th scope="col">Used</th><th scope="col">Limit</th><th scope="col">Window</th><th scope="col">Active</th></tr></thead>
        <tbody>{items.map((d) => <tr><td><a href={`/admin/discounts/${d.id}`}>{d.code}</a></td><td>{d.kind}</td><td>{d.kind === 'percentage' ? `${(d.percentBp ?? 0) / 100} %` : d.kind === 'fixed_amount' ? Object.entries(d.amounts).map(([cur, a]) => formatMinor(a, cur)).join(' / ') : 'free shipping'}</td><td>{d.timesUsed}</td><td>{d.usageLimit ?? '∞'}</td><td>{d.startsAt?.slice(0, 10) ?? '…'} – {d.endsAt?.slice(0, 10) ?? '…'}</td><td>{d.active ? 'yes' : 'no'}</td></tr>)}</tbody>
      </table></div>
    </Layout>,
  );
});

function DiscountForm(props: { c: C; d: AdminDiscount | null; errors: Record<string, string>; values?: Form }) {
  const { d, errors } = props;
  const v = (k: string, def: string) => (props.values ? str(props.values, k) : def);
  return (
    <form method="post" action={d ? `/admin/discounts/${d.id}` : '/admin/discounts'} class="card">
      {Object.keys(errors).length ? <p class="alert" role="alert">Please correct the fields marked below.{errors._ ? ` ${errors._}` : ''}</p> : null}
      <input type="hidden" name="_csrf" value={csrfToken(props.c)} />
      <fieldset disabled={!can(props.c.get('principal')!.role, 'discounts:write')}>
        <div class="grid">
          <div><label for="code">Code</label><input id="code" name="code" required value={v('code', d?.code ?? '')} /><FieldError errors={errors} name="code" /></div>
          <div><label for="kind">Kind</label><select id="kind" name="kind">{(['percentage', 'fixed_amount', 'free_shipping'] as const).map((k) => <option value={k} selected={v('kind', d?.kind ?? 'percentage') === k}>{k.replace('_', ' ')}</option>)}</select></div>
          <div><label for="percent">Percent off (percentage codes)</label><input id="percent" name="percent" inputmode="decimal" value={v('percent', d?.percentBp ? String(d.percentBp / 100) : '')} /><FieldError errors={errors} name="percentBp" /></div>
          <div><label for="amountUSD">Amount off, USD (fixed codes)</label><input id="amountUSD" name="amountUSD" inputmode="decimal" value={v('amountUSD', dec(d?.amounts.USD))} /><FieldError errors={errors} name="amounts" /></div>
          <div><label for="amountEUR">Amount off, EUR (fixed codes)</label><input id="amountEUR" name="amountEUR" inputmode="decimal" value={v('amountEUR', dec(d?.amounts.EUR))} /></div>
          <div><label for="minUSD">Minimum subtotal, USD</label><input id="minUSD" name="minUSD" inputmode="decimal" value={v('minUSD', dec(d?.minimumSubtotal.USD))} /></div>
          <div><label for="minEUR">Minimum subtotal, EUR</label><input id="minEUR" name="minEUR" inputmode="decimal" value={v('minEUR', dec(d?.minimumSubtotal.EUR))} /></div>
          <div><label for="startsAt">Starts (UTC)</label><input id="startsAt" name="startsAt" type="datetime-local" value={v('startsAt', local(d?.startsAt ?? null))} /></div>
          <div><label for="endsAt">Ends (UTC)</label><input id="endsAt" name="endsAt" type="datetime-local" value={v('endsAt', local(d?.endsAt ?? null))} /><FieldError errors={errors} name="endsAt" /></div>
          <div><label for="usageLimit">Total uses allowed</label><input id="usageLimit" name="usageLimit" inputmode="numeric" value={v('usageLimit', d?.usageLimit?.toString() ?? '')} /><FieldError errors={errors} name="usageLimit" /></div>
          <div><label for="perCustomerLimit">Uses per customer</label><input id="perCustomerLimit" name="perCustomerLimit" inputmode="numeric" value={v('perCustomerLimit', d?.perCustomerLimit?.toString() ?? '')} /><FieldError errors={errors} name="perCustomerLimit" /></div>
        </div>
        <label style="font-weight:normal"><input type="checkbox" name="active" value="1" checked={props.values ? str(props.values, 'active') === '1' : (d?.active ?? true)} /> Active</label>
        {d ? <p class="muted">Used {d.timesUsed} times ({d.redemptions} orders hold a redemption).</p> : null}
        <p><button type="submit">{d ? 'Save code' : 'Create code'}</button></p>
      </fieldset>
    </form>
  );
}

const num = (s: string) => (s.trim() === '' ? null : /^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);
const when = (s: string) => (s.trim() === '' ? null : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s.trim()) ? `${s.trim().length === 16 ? `${s.trim()}:00` : s.trim()}Z` : s);

function fromForm(f: Form): unknown {
  const per = (k: string) => Object.fromEntries((['USD', 'EUR'] as const).map((cur) => [cur, toMinor(str(f, `${k}${cur}`))]).filter(([, x]) => x !== null));
  const kind = str(f, 'kind');
  const pct = str(f, 'percent').trim();
  return {
    code: str(f, 'code'),
    kind,
    percentBp: kind === 'percentage' ? (/^\d{1,3}(\.\d{1,2})?$/.test(pct) ? Math.round(Number(pct) * 100) : pct === '' ? null : Number.NaN) : null,
    amounts: kind === 'fixed_amount' ? per('amount') : {},
    minimumSubtotal: per('min'),
    startsAt: when(str(f, 'startsAt')),
    endsAt: when(str(f, 'endsAt')),
    usageLimit: num(str(f, 'usageLimit')),
    perCustomerLimit: num(str(f, 'perCustomerLimit')),
    active: str(f, 'active') === '1',
  };
}

async function save(c: C, id: string | null) {
  const f = await formOf(c);
  const parsed = discountInputSchema.safeParse(fromForm(f));
  let errors: Record<string, string>;
  if (parsed.success) {
    try {
      const d = await saveDiscountAudited(c, id, parsed.data);
      return c.redirect(`/admin/discounts/${d.id}?notice=${encodeURIComponent('Saved.')}`, 303);
    } catch (err) {
      if (!(err instanceof AdminError) || err.status === 404) throw err;
      errors = Object.keys(err.fields).length ? err.fields : { _: err.message };
    }
  } else errors = fieldErrorsOf(parsed.error);
  const d = id ? await getAdminDiscount(c.var.db.db, id) : null;
  return c.html(<Layout title={id ? 'Edit discount' : 'New discount'} principal={c.get('principal')} csrf={csrfToken(c)}><DiscountForm c={c} d={d} errors={errors} values={f} /></Layout>, 422);
}

discountPages.get('/discounts/new', guard('discounts:write'), (c) => c.html(<Layout title="New discount" principal={c.get('principal')} csrf={csrfToken(c)}><DiscountForm c={c} d={null} errors={{}} /></Layout>));
discountPages.post('/discounts', guard('discounts:write'), (c) => save(c, null));
discountPages.get('/discounts/:id', guard('discounts:read'), async (c) => {
  const d = await getAdminDiscount(c.var.db.db, c.req.param('id'));
  if (!d) throw new AdminError(404, 'No such discount.');
  const p = c.get('principal')!;
  return c.html(
    <Layout title={`Discount ${d.code}`} principal={p} csrf={csrfToken(c)} notice={c.req.query('notice')?.slice(0, 200)}>
      <DiscountForm c={c} d={d} errors={{}} />
      {can(p.role, 'discounts:write') ? (
        <form method="post" action={`/admin/discounts/${d.id}/delete`}>
          <input type="hidden" name="_csrf" value={csrfToken(c)} />
          <button class="danger" type="submit">{d.timesUsed > 0 || d.redemptions > 0 ? 'Deactivate (it was used)' : 'Delete'}</button>
        </form>
      ) : null}
    </Layout>,
  );
});
discountPages.post('/discounts/:id', guard('discounts:write'), (c) => save(c, c.req.param('id')));
discountPages.post('/discounts/:id/delete', guard('discounts:write'), async (c) => {
  const outcome = await removeDiscountAudited(c, c.req.param('id'));
  return c.redirect(`/admin/discounts?notice=${encodeURIComponent(outcome === 'deleted' ? 'Discount deleted.' : 'Discount deactivated (it was used).')}`, 303);
});
