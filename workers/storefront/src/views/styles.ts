/**
 * The storefront's whole stylesheet, inlined into every page by Layout (one
 * round trip, no render-blocking request). Keep it small: ~5 KB.
 *
 * Colours are chosen for WCAG AA contrast on white: text #1a1a1a, muted
 * #595959 (7:1), links/focus #0b57d0, sale #b3261e, borders #767676 (≥3:1).
 */
export const CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
img{max-width:100%;height:auto;display:block}
a{color:#0b57d0}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.vh{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:.5rem;top:-4rem;z-index:10;background:#1a1a1a;color:#fff;padding:.5rem 1rem}
.skip:focus{top:.5rem}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
.site-header{border-bottom:1px solid #ddd}
.site-header .wrap{display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;align-items:center;padding-block:.75rem}
.brand{font-weight:700;font-size:1.375rem;color:#1a1a1a;text-decoration:none}
.site-nav ul,.links{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.site-nav a{color:#1a1a1a;text-decoration:none;padding:.25rem 0}
.site-nav a:hover,.site-nav a[aria-current]{text-decoration:underline;text-underline-offset:.3em}
.site-nav a[aria-current]{font-weight:600}
.tools{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin-left:auto}
.inline{display:flex;gap:.375rem;align-items:center;margin:0}
input,select,button{font:inherit;color:inherit}
input[type=search],input[type=number],select{padding:.375rem .5rem;border:1px solid #767676;border-radius:.25rem;background:#fff;min-height:2.5rem}
input[type=search]{width:12rem;max-width:100%}
button,.btn{display:inline-block;min-height:2.5rem;padding:.5rem 1rem;border:1px solid #1a1a1a;border-radius:.25rem;background:#1a1a1a;color:#fff;cursor:pointer;font-weight:600;text-decoration:none;line-height:1.25}
.btn.secondary,button.secondary{background:#fff;color:#1a1a1a}
button:disabled{background:#e5e5e5;border-color:#c4c4c4;color:#595959;cursor:not-allowed}
main{display:block;padding-block:1.5rem 3rem}
h1{font-size:clamp(1.75rem,4vw,2.5rem);line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.5rem;line-height:1.25;margin:2rem 0 1rem}
.muted{color:#595959}
.hero{background:#f5f3ef;border-radius:.5rem;padding:clamp(2rem,6vw,4rem) 1.5rem;text-align:center}
.hero p{font-size:1.125rem;margin:0 0 1.5rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,13rem),1fr));gap:1.5rem;list-style:none;margin:0;padding:0}
.card{position:relative;display:flex;flex-direction:column;gap:.25rem}
.card img,.ph{width:100%;aspect-ratio:1;object-fit:cover;background:#f2f2f2;border-radius:.25rem}
.card .t{font-size:1rem;margin:.5rem 0 0}
.card .t a{color:#1a1a1a;text-decoration:none}
.card .t a::after{content:"";position:absolute;inset:0}
.card:hover .t a{text-decoration:underline}
.card .t a:focus-visible{outline:none}
.card .t a:focus-visible::after{outline:3px solid #0b57d0;outline-offset:4px}
.card p{margin:0}
.badges{position:absolute;top:.5rem;left:.5rem;display:flex;gap:.25rem}
.badge{background:#1a1a1a;color:#fff;font-size:.8125rem;font-weight:600;padding:.125rem .5rem;border-radius:1rem}
.badge.sale{background:#b3261e}
.price{font-weight:600}
.price .sale{color:#b3261e}
.price s{color:#595959;font-weight:400;margin-left:.375rem}
.listing{display:grid;gap:2rem}
.filters fieldset{border:0;padding:0;margin:0 0 1.25rem}
.filters legend,.filters .lbl{display:block;font-weight:600;padding:0;margin-bottom:.375rem}
.check{display:flex;gap:.5rem;align-items:center;padding:.125rem 0}
.check input{width:1.125rem;height:1.125rem;margin:0}
.range{display:flex;gap:.5rem;flex-wrap:wrap}
.range input{width:6.5rem}
.chips{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0 0 1rem}
.chips a{display:inline-block;border:1px solid #767676;border-radius:1rem;padding:.125rem .75rem;color:#1a1a1a;text-decoration:none}
.chips a:hover{border-color:#1a1a1a;text-decoration:line-through}
.pager{display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem;margin-top:2rem}
.crumbs ol{display:flex;flex-wrap:wrap;list-style:none;padding:0;margin:0 0 1rem;font-size:.875rem}
.crumbs li+li::before{content:"/";margin:0 .5rem;color:#595959}
.product{display:grid;gap:2rem}
.gallery img{border-radius:.25rem;background:#f2f2f2}
.thumbs{display:grid;grid-template-columns:repeat(auto-fill,minmax(4.5rem,1fr));gap:.5rem;list-style:none;padding:0;margin:.75rem 0 0}
.picker fieldset{border:0;padding:0;margin:0 0 1rem}
.picker legend{font-weight:600;padding:0;margin-bottom:.375rem}
.opts{display:flex;flex-wrap:wrap;gap:.5rem}
.opt{display:inline-flex;align-items:center;gap:.375rem;border:1px solid #767676;border-radius:.25rem;padding:.375rem .75rem;cursor:pointer}
.opt:has(input:checked){border:2px solid #1a1a1a}
.opt.out{color:#595959}
.stock{font-weight:600}
.stock.low{color:#8a4b00}
.stock.out{color:#b3261e}
.add{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:1.5rem 0}
.add p{margin:0}
.add label{display:block;font-weight:600}
.add input{width:5.5rem}
.site-footer{border-top:1px solid #ddd;padding-block:1.5rem;font-size:.875rem;color:#595959}
.site-footer a{color:#1a1a1a}
.error{text-align:center;padding-block:2rem}
.error .links{justify-content:center;margin-top:1.5rem}
@media (min-width:56rem){.listing{grid-template-columns:15rem minmax(0,1fr)}.product{grid-template-columns:minmax(0,1.2fr) minmax(0,1fr)}}
@media (forced-colors:active){.badge,button,.btn{border:1px solid}}`;
