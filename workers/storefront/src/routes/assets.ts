/**
 * /assets/commerce.js: progressive enhancement for the cart and checkout
 * pages, which work fully without it. Same-origin (the CSP allows only
 * 'self' scripts); short browser cache, long edge stale window is not needed.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../context';

const COMMERCE_JS = `(() => {
  // forms marked data-submit-once: one submission only (the server dedupes with an Idempotency-Key anyway)
  for (const form of document.querySelectorAll('form[data-submit-once]')) {
    form.addEventListener('submit', (e) => {
      if (form.dataset.submitted) { e.preventDefault(); return; }
      form.dataset.submitted = '1';
      for (const b of form.querySelectorAll('button[type=submit]')) { b.setAttribute('aria-disabled', 'true'); b.textContent = 'Placing order…'; }
    });
  }
  // quantity fields and shipping methods apply by themselves
  for (const form of document.querySelectorAll('form[data-autosubmit]')) {
    let timer;
    form.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(() => form.requestSubmit(), 400); });
    for (const b of form.querySelectorAll('button[type=submit].secondary')) b.classList.add('vh');
  }
  // the card number field only matters for card payments
  const card = document.getElementById('f-card_number');
  if (card) {
    const field = card.closest('.field');
    const sync = () => {
      const chosen = document.querySelector('input[name=payment_provider]:checked');
      field.hidden = !chosen || chosen.value === 'manual';
    };
    for (const r of document.querySelectorAll('input[name=payment_provider]')) r.addEventListener('change', sync);
    sync();
  }
})();
`;

export const assets = new Hono<AppEnv>().get('/commerce.js', (c) =>
  c.body(COMMERCE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' }),
);
