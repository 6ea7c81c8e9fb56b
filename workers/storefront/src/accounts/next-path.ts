/**
 * Where to go after logging in: only paths on this site (open-redirect
 * protection): one leading slash, no scheme, no backslashes or control
 * characters, bounded length. Anything else falls back.
 */
export function safeNextPath(value: unknown, fallback = '/account'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 512) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) return fallback;
  try {
    const u = new URL(value, 'https://vitrine.invalid');
    if (u.origin !== 'https://vitrine.invalid') return fallback;
    if (u.pathname === '/account/login' || u.pathname === '/account/register' || u.pathname === '/account/logout') return fallback;
    return u.pathname + u.search;
  } catch {
    return fallback;
  }
}

export function loginPath(next?: string): string {
  const n = next ? safeNextPath(next, '') : '';
  return n && n !== '/account' ? `/account/login?next=${encodeURIComponent(n)}` : '/account/login';
}
