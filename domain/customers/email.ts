/**
 * Email addresses as account identifiers. One normal form, used when
 * registering, logging in and looking up, so "Ada@Example.COM ",
 * "ada@example.com" and a decomposed-Unicode spelling are the same account:
 *   - surrounding whitespace trimmed, Unicode NFC,
 *   - the whole address lower-cased (practically every mail provider treats
 *     the local part case-insensitively; shoppers do not remember case),
 *   - an internationalised domain converted to its ASCII (punycode) form,
 *     so "bücher.example" and "xn--bcher-kva.example" are one domain.
 * The local part may be Unicode (RFC 6531); quoted local parts, IP-literal
 * domains and comments are refused: they are valid in theory and are typos
 * or abuse in a shop.
 */

export const EMAIL_MAX_LENGTH = 254;

export type EmailResult = { ok: true; email: string } | { ok: false; message: string };

const LOCAL_ATOM = /^[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+$/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function toAsciiDomain(domain: string): string | null {
  if (/^[a-z0-9.-]+$/.test(domain)) return domain;
  if (/[\s/\\?#@:%\[\]]/.test(domain)) return null;
  try {
    // WHATWG URL applies UTS #46 (IDNA) processing: Unicode labels → punycode
    const host = new URL(`http://${domain}/`).hostname;
    return host.length > 0 ? host : null;
  } catch {
    return null;
  }
}

export function normalizeEmail(input: string): EmailResult {
  const raw = input.trim().normalize('NFC');
  const invalid = { ok: false as const, message: 'Enter a valid email address, like name@example.com.' };
  if (raw.length === 0) return { ok: false, message: 'Enter your email address.' };
  if (raw.length > EMAIL_MAX_LENGTH * 2) return invalid;
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) return invalid;
  const local = raw.slice(0, at).toLowerCase();
  const domainInput = raw.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return invalid;
  if (!local.split('.').every((atom) => LOCAL_ATOM.test(atom))) return invalid;
  const domain = toAsciiDomain(domainInput);
  if (!domain || domain.length > 253) return invalid;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return invalid;
  const tld = labels[labels.length - 1]!;
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return invalid;
  const email = `${local}@${domain}`;
  if (email.length > EMAIL_MAX_LENGTH) return invalid;
  return { ok: true, email };
}
