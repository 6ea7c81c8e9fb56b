/**
 * Password hashing that runs in production Workers, shared by the storefront
 * (customers) and the admin worker (admin users).
 *
 * Algorithm: scrypt (RFC 7914) in pure JavaScript (@noble/hashes, audited).
 * Workers cannot compile WASM at runtime (so no hash-wasm argon2), and their
 * WebCrypto caps PBKDF2 at 100,000 iterations in production (not in
 * `wrangler dev`/workerd, workerd#1346) — below what PBKDF2 needs today.
 * scrypt is memory-hard, which is what makes GPU/ASIC guessing expensive.
 *
 * Default parameters: N = 2^15, r = 8, p = 1 → 32 MiB per hash, ~190 ms of
 * CPU on a 2-core development machine (less on Cloudflare's servers).
 *   - memory: 128·N·r = 32 MiB, a quarter of a Worker isolate's 128 MB, and
 *     hashes run one at a time per isolate (see `exclusive`), so concurrent
 *     logins in one isolate cannot add up to an out-of-memory kill;
 *   - time: well inside the paid plan's CPU limit and a tolerable login delay;
 *     N = 2^16 would double both (64 MiB is too close to the isolate limit);
 *   - it is libsodium's "interactive" scrypt profile doubled, and one of the
 *     rows of OWASP's scrypt table with p lowered from 3 to 1 for CPU time: the
 *     memory hardness (the expensive part for attackers) is the same.
 * Every hash is a self-describing PHC string (`$scrypt$ln=15,r=8,p=1$salt$hash`),
 * so parameters can be raised later: `verify` reports `needsRehash` and callers
 * store a fresh hash after a successful login.
 *
 * PBKDF2-SHA256 (`$pbkdf2-sha256$i=100000$salt$hash`) is understood too, for
 * imported hashes or a cheaper profile, but never above the production limit:
 * parameters beyond what production Workers can compute are refused when the
 * hasher is created and when a stored hash is read, so a configuration that
 * would only fail after deploy fails in every test instead.
 *
 * Passwords are NFKC-normalised before hashing (NIST SP 800-63B §5.1.1.2), so
 * the same password typed on different keyboards/OSes verifies.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { fromBase64Url, randomBytes, timingSafeEqualBytes, toBase64NoPad } from './bytes';

/** Cloudflare Workers reject PBKDF2 with more iterations than this in production. */
export const WORKERS_PBKDF2_MAX_ITERATIONS = 100_000;
/** Memory a single scrypt hash may use (Worker isolates have 128 MB in total). */
export const SCRYPT_MAX_MEMORY_BYTES = 64 * 1024 * 1024;
/** Longest password accepted anywhere, in UTF-8 bytes after normalisation (bounds hashing work and request size). */
export const PASSWORD_MAX_BYTES = 1024;

export interface ScryptParams {
  algorithm: 'scrypt';
  /** log2(N) */
  logN: number;
  r: number;
  p: number;
}
export interface Pbkdf2Params {
  algorithm: 'pbkdf2-sha256';
  iterations: number;
}
export type PasswordParams = ScryptParams | Pbkdf2Params;

export const DEFAULT_PASSWORD_PARAMS: ScryptParams = { algorithm: 'scrypt', logN: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;

export class PasswordParamsError extends Error {
  override name = 'PasswordParamsError';
}

/** Working memory of scrypt: V (128·r·N bytes) plus B (128·r·p) and XY (256·r). */
export function scryptMemoryBytes(p: Pick<ScryptParams, 'logN' | 'r' | 'p'>): number {
  return 128 * p.r * 2 ** p.logN + 128 * p.r * p.p + 256 * p.r;
}

/** Throws unless production Workers can compute hashes with these parameters (and they are not uselessly weak). */
export function assertWorkersSafe(params: PasswordParams): void {
  if (params.algorithm === 'pbkdf2-sha256') {
    const i = params.iterations;
    if (!Number.isInteger(i) || i < 10_000) throw new PasswordParamsError(`PBKDF2 iterations must be an integer ≥ 10000 (got ${i})`);
    if (i > WORKERS_PBKDF2_MAX_ITERATIONS) {
      throw new PasswordParamsError(`PBKDF2 iterations ${i} exceed the Workers production limit of ${WORKERS_PBKDF2_MAX_ITERATIONS}`);
    }
    return;
  }
  const { logN, r, p } = params;
  if (![logN, r, p].every((n) => Number.isInteger(n) && n >= 1)) throw new PasswordParamsError('scrypt parameters must be positive integers');
  if (logN < 14 || logN > 20) throw new PasswordParamsError(`scrypt log2(N) must be within 14..20 (got ${logN})`);
  if (r > 32 || p > 16) throw new PasswordParamsError('scrypt r ≤ 32 and p ≤ 16');
  if (scryptMemoryBytes(params) > SCRYPT_MAX_MEMORY_BYTES) {
    throw new PasswordParamsError(`scrypt would need ${scryptMemoryBytes(params)} bytes, above the ${SCRYPT_MAX_MEMORY_BYTES}-byte budget`);
  }
}

export function encodePasswordHash(params: PasswordParams, salt: Uint8Array, key: Uint8Array): string {
  const s = toBase64NoPad(salt);
  const k = toBase64NoPad(key);
  return params.algorithm === 'scrypt'
    ? `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${s}$${k}`
    : `$pbkdf2-sha256$i=${params.iterations}$${s}$${k}`;
}

export interface ParsedPasswordHash {
  params: PasswordParams;
  salt: Uint8Array;
  key: Uint8Array;
}

function parseParams(text: string): Map<string, number> | null {
  const out = new Map<string, number>();
  for (const part of text.split(',')) {
    const m = /^([a-z]+)=(\d{1,9})$/.exec(part);
    if (!m || out.has(m[1]!)) return null;
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** Parses a PHC string; null for anything malformed. Does not check the parameters' limits. */
export function parsePasswordHash(encoded: string): ParsedPasswordHash | null {
  const parts = encoded.split('$');
  if (parts.length !== 5 || parts[0] !== '') return null;
  const [, alg, paramText, saltText, keyText] = parts as [string, string, string, string, string];
  const kv = parseParams(paramText);
  const salt = fromBase64Url(saltText);
  const key = fromBase64Url(keyText);
  if (!kv || !salt || !key || salt.length < 8 || salt.length > 64 || key.length < 32 || key.length > 64) return null;
  if (alg === 'scrypt' && kv.size === 3 && kv.has('ln') && kv.has('r') && kv.has('p')) {
    return { params: { algorithm: 'scrypt', logN: kv.get('ln')!, r: kv.get('r')!, p: kv.get('p')! }, salt, key };
  }
  if (alg === 'pbkdf2-sha256' && kv.size === 1 && kv.has('i')) {
    return { params: { algorithm: 'pbkdf2-sha256', iterations: kv.get('i')! }, salt, key };
  }
  return null;
}

/** NFKC normalisation, applied to every password before hashing or checking it. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

// One scrypt at a time per isolate: bounds memory (32 MiB each) no matter how
// many logins an isolate serves at once; scryptAsync still yields every 10 ms
// so other requests in the isolate keep being answered.
let tail: Promise<unknown> = Promise.resolve();
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = tail.then(fn, fn);
  tail = run.catch(() => undefined);
  return run;
}

async function derive(params: PasswordParams, password: string, salt: Uint8Array, length: number): Promise<Uint8Array> {
  const pw = new TextEncoder().encode(normalizePassword(password));
  if (params.algorithm === 'scrypt') {
    return exclusive(() =>
      scryptAsync(pw, salt, {
        N: 2 ** params.logN,
        r: params.r,
        p: params.p,
        dkLen: length,
        maxmem: SCRYPT_MAX_MEMORY_BYTES + 1024 * 1024,
        asyncTick: 10,
      }),
    );
  }
  const key = await crypto.subtle.importKey('raw', pw, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: params.iterations }, key, length * 8);
  return new Uint8Array(bits);
}

function sameParams(a: PasswordParams, b: PasswordParams): boolean {
  if (a.algorithm === 'scrypt' && b.algorithm === 'scrypt') return a.logN === b.logN && a.r === b.r && a.p === b.p;
  if (a.algorithm === 'pbkdf2-sha256' && b.algorithm === 'pbkdf2-sha256') return a.iterations === b.iterations;
  return false;
}

export interface VerifyResult {
  ok: boolean;
  /** the hash was made with other parameters than the current ones: store `hash(password)` after a successful login */
  needsRehash: boolean;
}

export interface PasswordHasher {
  readonly params: PasswordParams;
  hash(password: string): Promise<string>;
  /** Constant-time check. A malformed or out-of-limits stored hash verifies as false (and is reported as needing a rehash). */
  verify(password: string, encoded: string): Promise<VerifyResult>;
  /**
   * Costs what a real verification costs and always fails: call it when there
   * is no account for the email, so response time does not reveal whether an
   * account exists.
   */
  verifyDummy(password: string): Promise<false>;
  needsRehash(encoded: string): boolean;
}

export function createPasswordHasher(opts: { params?: PasswordParams } = {}): PasswordHasher {
  const params = opts.params ?? DEFAULT_PASSWORD_PARAMS;
  assertWorkersSafe(params);
  async function hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    return encodePasswordHash(params, salt, await derive(params, password, salt, KEY_BYTES));
  }

  async function check(password: string, parsed: ParsedPasswordHash): Promise<boolean> {
    const actual = await derive(parsed.params, password, parsed.salt, parsed.key.length);
    return timingSafeEqualBytes(actual, parsed.key);
  }

  async function verify(password: string, encoded: string): Promise<VerifyResult> {
    const parsed = parsePasswordHash(encoded);
    let safe = false;
    if (parsed) {
      try {
        assertWorkersSafe(parsed.params);
        safe = true;
      } catch {
        safe = false;
      }
    }
    if (!parsed || !safe) {
      await verifyDummy(password);
      return { ok: false, needsRehash: true };
    }
    const ok = await check(password, parsed);
    return { ok, needsRehash: ok && !sameParams(parsed.params, params) };
  }

  async function verifyDummy(password: string): Promise<false> {
    // a random key no password derives to: one real derivation, then a failing comparison
    await check(password, { params, salt: randomBytes(SALT_BYTES), key: randomBytes(KEY_BYTES) });
    return false;
  }

  function needsRehash(encoded: string): boolean {
    const parsed = parsePasswordHash(encoded);
    return !parsed || !sameParams(parsed.params, params);
  }

  return { params, hash, verify, verifyDummy, needsRehash };
}
