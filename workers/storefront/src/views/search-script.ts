/**
 * The header search box's autocomplete: a small progressive-enhancement
 * script served by the worker as /assets/search-<hash>.js (immutable; the
 * CSP allows scripts from 'self' only, never inline). Without it the box is a
 * plain GET form to /search.
 *
 * ARIA combobox with a listbox popup: debounced (150 ms) requests to
 * /api/v1/search/suggest, the previous request aborted whenever a new one
 * starts and late answers ignored; Arrow keys move through the options
 * (aria-activedescendant), Enter opens the active one, Escape closes (a
 * second Escape clears), Tab and clicks elsewhere close. Text is set with
 * textContent and <mark> elements: nothing from the server becomes markup.
 */

const SCRIPT = `(function () {
  'use strict';
  var input = document.getElementById('site-search');
  if (!input || !input.form || !window.fetch || !window.AbortController || !window.URLSearchParams) return;
  var MIN_CHARS = 2, DELAY_MS = 150, LIST_ID = 'site-search-list';
  var css = document.createElement('style');
  css.textContent = '.ac{position:relative}.ac-list{position:absolute;z-index:30;left:0;top:calc(100% + .25rem);width:max(100%,22rem);max-width:92vw;max-height:70vh;overflow:auto;margin:0;padding:.25rem 0;list-style:none;background:#fff;border:1px solid #767676;border-radius:.25rem;box-shadow:0 6px 18px rgba(0,0,0,.15)}'
    + '.ac-list[hidden]{display:none}.ac-opt{display:flex;gap:.625rem;align-items:center;padding:.375rem .75rem;cursor:pointer}'
    + '.ac-opt[aria-selected=true]{background:#e8f0fe;outline:2px solid #0b57d0;outline-offset:-2px}.ac-opt img,.ac-ph{width:2.5rem;height:2.5rem;object-fit:cover;border-radius:.25rem;background:#f2f2f2;flex:none}'
    + '.ac-t{flex:1}.ac-p{color:#595959;font-size:.875rem;white-space:nowrap}.ac-h{padding:.5rem .75rem .25rem;font-size:.75rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:#595959}'
    + '.ac-opt mark{background:#fff1a8;color:inherit}';
  document.head.appendChild(css);

  var wrap = document.createElement('div');
  wrap.className = 'ac';
  input.parentNode.insertBefore(wrap, input);
  wrap.appendChild(input);
  var list = document.createElement('ul');
  list.id = LIST_ID;
  list.className = 'ac-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Search suggestions');
  list.hidden = true;
  wrap.appendChild(list);
  var status = document.createElement('div');
  status.className = 'vh';
  status.setAttribute('role', 'status');
  wrap.appendChild(status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', LIST_ID);

  var timer = 0, controller = null, options = [], active = -1, shownFor = '';

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }
  function open() {
    if (options.length === 0) return;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }
  function setActive(i) {
    if (active >= 0 && options[active]) options[active].el.setAttribute('aria-selected', 'false');
    active = i;
    if (i < 0 || !options[i]) { input.removeAttribute('aria-activedescendant'); return; }
    options[i].el.setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', options[i].el.id);
    if (options[i].el.scrollIntoView) options[i].el.scrollIntoView({ block: 'nearest' });
  }
  function text(parent, value, tag, cls) {
    var el = document.createElement(tag || 'span');
    if (cls) el.className = cls;
    el.textContent = value;
    parent.appendChild(el);
    return el;
  }
  function marked(parent, parts, fallback) {
    var span = document.createElement('span');
    span.className = 'ac-t';
    if (!parts || !parts.length) span.textContent = fallback;
    for (var i = 0; parts && i < parts.length; i++) {
      if (parts[i].match) text(span, parts[i].text, 'mark');
      else span.appendChild(document.createTextNode(parts[i].text));
    }
    parent.appendChild(span);
  }
  function option(href, label, build) {
    var li = document.createElement('li');
    li.id = LIST_ID + '-' + options.length;
    li.className = 'ac-opt';
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    build(li);
    if (label) li.setAttribute('aria-label', label);
    li.addEventListener('click', function () { window.location.assign(href); });
    options.push({ el: li, href: href });
    list.appendChild(li);
  }
  function heading(value) {
    var li = text(list, value, 'li', 'ac-h');
    li.setAttribute('role', 'presentation');
  }
  function searchUrl(q) {
    var p = new URLSearchParams({ q: q });
    var cur = document.getElementById('currency-select');
    if (cur && cur.value && cur.value !== 'USD') p.set('currency', cur.value);
    return '/search?' + p.toString();
  }
  function render(data, q) {
    list.textContent = '';
    options = [];
    active = -1;
    var products = data.products || [], collections = data.collections || [];
    if (products.length) heading(data.correctedQuery ? 'Products for “' + data.correctedQuery + '”' : 'Products');
    products.forEach(function (p) {
      option(p.url, p.title + (p.price ? ', ' + p.price : ''), function (li) {
        if (p.image) {
          var img = document.createElement('img');
          img.src = p.image.url; img.alt = ''; img.width = 40; img.height = 40; img.loading = 'lazy';
          li.appendChild(img);
        } else text(li, '', 'span', 'ac-ph');
        marked(li, p.highlight && p.highlight.title, p.title);
        if (p.price) text(li, p.price, 'span', 'ac-p');
      });
    });
    if (collections.length) heading('Collections');
    collections.forEach(function (c) {
      option(c.url, 'Collection ' + c.title, function (li) {
        text(li, c.title, 'span', 'ac-t');
        text(li, String(c.count), 'span', 'ac-p');
      });
    });
    option(searchUrl(q), 'See all results for ' + q, function (li) { text(li, 'See all results for “' + q + '”', 'span', 'ac-t'); });
    shownFor = q;
    status.textContent = products.length
      ? products.length + (products.length === 1 ? ' product suggestion' : ' product suggestions') + ' available; use the up and down arrows to review.'
      : 'No product suggestions; press Enter to search.';
    open();
  }
  function load(q) {
    if (controller) controller.abort();
    controller = new AbortController();
    var params = new URLSearchParams({ q: q });
    var cur = document.getElementById('currency-select');
    if (cur && cur.value) params.set('currency', cur.value);
    fetch('/api/v1/search/suggest?' + params.toString(), { signal: controller.signal, headers: { accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) {
        if (!data || input.value.trim() !== q) return;
        render(data, q);
      })
      .catch(function (err) { if (!err || err.name !== 'AbortError') close(); });
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < MIN_CHARS) {
      if (controller) controller.abort();
      close();
      return;
    }
    timer = setTimeout(function () { load(q); }, DELAY_MS);
  });
  input.addEventListener('keydown', function (e) {
    var isOpen = !list.hidden;
    if (e.key === 'ArrowDown' || e.key === 'Down') {
      e.preventDefault();
      if (!isOpen) { if (shownFor && shownFor === input.value.trim()) open(); return; }
      setActive(active + 1 >= options.length ? 0 : active + 1);
    } else if (e.key === 'ArrowUp' || e.key === 'Up') {
      e.preventDefault();
      if (isOpen) setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Enter') {
      if (isOpen && active >= 0 && options[active]) {
        e.preventDefault();
        window.location.assign(options[active].href);
      }
    } else if (e.key === 'Escape' || e.key === 'Esc') {
      if (isOpen) { e.preventDefault(); close(); }
      else if (input.value) { e.preventDefault(); input.value = ''; }
    } else if (e.key === 'Tab') {
      close();
    }
  });
  list.addEventListener('mousedown', function (e) { e.preventDefault(); });
  document.addEventListener('click', function (e) { if (!wrap.contains(e.target)) close(); });
  input.addEventListener('blur', function () { setTimeout(function () { if (document.activeElement !== input) close(); }, 100); });
})();
`;

/** FNV-1a, 32 bits: enough to tell versions of one file apart. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export const SEARCH_SCRIPT = SCRIPT;
export const SEARCH_SCRIPT_HASH = fnv1a(SCRIPT);
export const SEARCH_SCRIPT_PATH = `/assets/search-${SEARCH_SCRIPT_HASH}.js`;
