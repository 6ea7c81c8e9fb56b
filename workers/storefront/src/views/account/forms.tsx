/**
 * Accessible form pieces for the account pages (pure): labelled inputs with
 * hints and errors tied through aria-describedby, an error summary that
 * links to the fields, the CSRF hidden field.
 */
import type { Child } from 'hono/jsx';

export type FieldErrors = Record<string, string>;

/** Styles of the account pages (kept beside them; the shared stylesheet stays small). */
export const ACCOUNT_CSS = `.acct{max-width:40rem}
.acct.wide{max-width:none}
.form{display:grid;gap:1rem;margin:0 0 1.5rem}
.field label{display:block;font-weight:600;margin-bottom:.25rem}
.field input,.field select{width:100%;max-width:28rem;padding:.5rem;border:1px solid #767676;border-radius:.25rem;background:#fff;min-height:2.75rem}
.field input[aria-invalid=true],.field select[aria-invalid=true]{border:2px solid #b3261e}
.hint{color:#595959;font-size:.875rem;margin:.25rem 0 0}
.ferr{color:#b3261e;font-weight:600;font-size:.9375rem;margin:.25rem 0 0}
.summary{border:2px solid #b3261e;border-radius:.25rem;padding:1rem;margin:0 0 1.5rem}
.summary h2{font-size:1.125rem;margin:0 0 .5rem}
.summary ul{margin:0;padding-left:1.25rem}
.notice{border-left:4px solid #1e7d32;background:#f1f8f2;padding:.75rem 1rem;margin:0 0 1.5rem}
.acct-nav{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;margin:0 0 1.5rem;padding:0;list-style:none}
.acct-nav a[aria-current]{font-weight:700}
.cols{display:grid;gap:2rem}
.card-box{border:1px solid #ddd;border-radius:.5rem;padding:1rem 1.25rem}
.addr{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,16rem),1fr))}
.addr address{font-style:normal;margin:0 0 .75rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.actions form{margin:0}
table.orders{width:100%;border-collapse:collapse}
table.orders th,table.orders td{text-align:left;padding:.5rem;border-bottom:1px solid #ddd}
table.orders td.num,table.orders th.num{text-align:right}
.check{display:flex;gap:.5rem;align-items:center}
@media (min-width:56rem){.cols{grid-template-columns:1fr 1fr}}`;

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel';
  value?: string | null | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  inputmode?: 'text' | 'email' | 'tel' | 'numeric';
  spellcheck?: boolean;
  autocapitalize?: 'none' | 'words' | 'characters';
  /** id prefix when one page has two forms with the same field names */
  idPrefix?: string;
}

export function Field(p: FieldProps) {
  const id = `${p.idPrefix ?? 'f'}-${p.name}`;
  const described = [p.hint ? `${id}-hint` : null, p.error ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>
        {p.label}
        {p.required ? null : <span class="muted"> (optional)</span>}
      </label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : (p.value ?? '')}
        autocomplete={p.autocomplete}
        required={p.required}
        maxlength={p.maxlength}
        inputmode={p.inputmode}
        spellcheck={p.spellcheck === false ? false : undefined}
        autocapitalize={p.autocapitalize}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={described}
      />
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="ferr" id={`${id}-err`}>
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField(p: { name: string; label: string; value?: string | null | undefined; error?: string | undefined; options: { value: string; label: string }[]; autocomplete?: string; required?: boolean; idPrefix?: string }) {
  const id = `${p.idPrefix ?? 'f'}-${p.name}`;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} autocomplete={p.autocomplete} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-err` : undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
      {p.error ? (
        <p class="ferr" id={`${id}-err`}>
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

/** Lists every field error with a link to its input; also carries form-level messages. */
export function ErrorSummary(props: { errors?: FieldErrors | undefined; message?: string | undefined; labels?: Record<string, string>; idPrefix?: string }) {
  const entries = Object.entries(props.errors ?? {});
  if (!props.message && entries.length === 0) return null;
  return (
    <div class="summary" role="alert" aria-labelledby="summary-title" tabindex={-1}>
      <h2 id="summary-title">{props.message ?? 'Please correct the following'}</h2>
      {entries.length > 0 ? (
        <ul>
          {entries.map(([field, message]) => (
            <li>
              <a href={`#${props.idPrefix ?? 'f'}-${field}`}>{props.labels?.[field] ? `${props.labels[field]}: ${message}` : message}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Notice(props: { children?: Child }) {
  return (
    <p class="notice" role="status">
      {props.children}
    </p>
  );
}
