/** API token secrets: "vta_" + 43 base64url characters (256 bits); only SHA-256 of it is stored. */
import { randomBytes, sha256Base64Url, toBase64Url } from '../../../../edge/auth';

export const TOKEN_PATTERN = /^vta_[A-Za-z0-9_-]{43}$/;

export async function newTokenSecret(): Promise<{ secret: string; hash: string; prefix: string }> {
  const secret = `vta_${toBase64Url(randomBytes(32))}`;
  return { secret, hash: await sha256Base64Url(secret), prefix: secret.slice(0, 8) };
}

export function hashTokenSecret(secret: string): Promise<string> {
  return sha256Base64Url(secret);
}
