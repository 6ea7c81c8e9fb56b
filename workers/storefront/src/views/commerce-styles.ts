/** Styles of the cart, checkout and order pages (added to the layout's inline CSS on those pages only). */
export const COMMERCE_CSS = `.cart-lines{width:100%;border-collapse:collapse;margin-bottom:1.5rem}
.cart-lines th,.cart-lines td{padding:.75rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
.cart-lines th{font-size:.875rem;color:#595959;font-weight:600}
.cart-lines .num{text-align:right;white-space:nowrap}
.cart-lines img{width:4.5rem;height:4.5rem;object-fit:cover;border-radius:.25rem;background:#f2f2f2}
.line-item{display:flex;gap:.75rem}
.qty{display:flex;gap:.375rem;align-items:center;margin:0}
.qty input{width:4.5rem}
.linkish{background:none;border:0;color:#0b57d0;padding:0;min-height:0;font-weight:400;text-decoration:underline;cursor:pointer}
.notice,.alert{border-radius:.25rem;padding:.75rem 1rem;margin:0 0 1rem}
.notice{background:#eef6ee;border:1px solid #2e7d32}
.alert{background:#fdecea;border:1px solid #b3261e}
.alert ul{margin:.25rem 0 0;padding-left:1.25rem}
.issue{color:#b3261e;font-size:.875rem;margin:.25rem 0 0}
.summary{display:grid;gap:2rem}
.totals{width:100%;border-collapse:collapse}
.totals th{text-align:left;font-weight:400;padding:.25rem 0}
.totals td{text-align:right;padding:.25rem 0}
.totals .grand th,.totals .grand td{font-weight:700;font-size:1.125rem;border-top:1px solid #ddd;padding-top:.5rem}
.panel{border:1px solid #ddd;border-radius:.5rem;padding:1rem 1.25rem;margin-bottom:1.25rem}
.panel h2{margin-top:0;font-size:1.25rem}
.field{margin:0 0 .875rem}
.field label{display:block;font-weight:600;margin-bottom:.25rem}
.field input,.field select{width:100%;max-width:28rem;padding:.375rem .5rem;border:1px solid #767676;border-radius:.25rem;min-height:2.5rem;background:#fff}
.field input[aria-invalid=true],.field select[aria-invalid=true]{border-color:#b3261e;border-width:2px}
.field .err{color:#b3261e;font-size:.875rem;margin:.25rem 0 0}
.row2{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));max-width:28rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;padding:.5rem 0}
.choice input{margin-top:.3rem}
.hint{font-size:.875rem;color:#595959}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:1rem}
@media (min-width:56rem){.summary{grid-template-columns:minmax(0,1.6fr) minmax(0,1fr)}}`;
