/**
 * Audit entries: who did what to which record, with before/after values.
 * Secrets never enter an entry: keys that look like passwords, tokens,
 * hashes, card data or secrets are replaced by "[redacted]" at any depth.
 */
export type AuditActorKind = 'user' | 'token' | 'system';

export interface AuditActor {
  kind: AuditActorKind;
  /** admin user id or API token id */
  id: string | null;
  /** email of the user or name of the token, for display */
  label: string;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

const SECRET_KEY = /pass(word)?|secret|token|hash|card|cvc|cvv|pan\b|authorization|cookie|session/i;
const MAX_DEPTH = 8;

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (depth > MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 500).map((v) => redact(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) && !/^tokenId$|^tokenName$/.test(k) ? '[redacted]' : redact(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string' && value.length > 2000) return `${value.slice(0, 2000)}…`;
  return value;
}

/** Keys whose values differ (shallow), for compact "changed: a, b" summaries. */
export function changedKeys(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}
