/** Small byte helpers shared by the auth, session and rate-limit code (no Node APIs: runs in Workers). */

const B64URL = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes unpadded base64url (also accepts standard base64 without padding); null when malformed. */
export function fromBase64Url(text: string): Uint8Array | null {
  const normal = text.replace(/\+/g, '-').replace(/\//g, '_');
  if (!B64URL.test(normal) || normal.length % 4 === 1) return null;
  try {
    const bin = atob(normal.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (normal.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** Compares two byte arrays in time independent of where they differ. */
export function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  // the length of a hash is public (it is in the encoded parameters), so an early exit on length leaks nothing secret
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export async function sha256Base64Url(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return toBase64Url(new Uint8Array(digest));
}

/** Standard base64 without padding: the alphabet of PHC strings (`$scrypt$…$salt$hash`). */
export function toBase64NoPad(bytes: Uint8Array): string {
  return toBase64Url(bytes).replace(/-/g, '+').replace(/_/g, '/');
}
