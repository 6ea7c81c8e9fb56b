/**
 * Rules for new passwords (NIST SP 800-63B style): a minimum length, a
 * generous maximum, every printable character allowed (spaces and emoji
 * included), no composition rules, and a check against common and
 * account-derived passwords. Existing passwords are never re-checked at login.
 * Lengths count Unicode code points of the NFKC-normalised password.
 */
import { COMMON_PASSWORDS } from './common-passwords';
import { normalizePassword, PASSWORD_MAX_BYTES } from './password';

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** Why the password is refused (one sentence for the user), or null when it is acceptable. */
  check(password: string, context?: { email?: string | undefined; name?: string | undefined }): string | null;
}

const CONTROL = /\p{Cc}/u;

export function createPasswordPolicy(opts: { minLength?: number; maxLength?: number } = {}): PasswordPolicy {
  const minLength = opts.minLength ?? 10;
  const maxLength = opts.maxLength ?? 256;

  function check(password: string, context: { email?: string | undefined; name?: string | undefined } = {}): string | null {
    const pw = normalizePassword(password);
    const length = [...pw].length;
    if (length < minLength) return `Use at least ${minLength} characters.`;
    if (length > maxLength || new TextEncoder().encode(pw).length > PASSWORD_MAX_BYTES) return `Use at most ${maxLength} characters.`;
    if (CONTROL.test(pw)) return 'Passwords cannot contain control characters.';
    const lower = pw.toLowerCase();
    if (new Set(lower).size < 4) return 'Use a less repetitive password.';
    if (COMMON_PASSWORDS.has(lower)) return 'This password is too common. Choose one that is harder to guess.';
    const email = context.email?.toLowerCase();
    if (email) {
      const local = email.split('@')[0] ?? '';
      if (lower === email || (local.length >= 4 && lower.includes(local))) return 'Your password must not contain your email address.';
    }
    const name = context.name?.trim().toLowerCase();
    if (name && name.length >= 4 && lower.includes(name)) return 'Your password must not contain your name.';
    return null;
  }

  return { minLength, maxLength, check };
}

/** True when a password given at login is too large to be worth hashing (it cannot match any stored password). */
export function passwordTooLarge(password: string): boolean {
  return password.length > PASSWORD_MAX_BYTES || new TextEncoder().encode(normalizePassword(password)).length > PASSWORD_MAX_BYTES;
}
