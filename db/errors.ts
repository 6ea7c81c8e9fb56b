/**
 * The one error mapper for database failures. Driver errors (NeonDbError
 * over HTTP, pg errors over the Pool, drizzle's "Failed query" wrappers)
 * are classified by their Postgres fields; the classification decides the
 * HTTP answer (see `databaseProblem`), and `safeErrorText` is the only text
 * of a database error that may reach a log line: drizzle's messages carry
 * the query's parameters (e-mails, addresses), Postgres' `detail` the row's values.
 */

export interface PgFields {
  code: string | undefined;
  constraint: string | undefined;
  detail: string | undefined;
  /** message of the innermost error that has a Postgres code */
  message: string | undefined;
}

/** The Postgres fields of an error or of one of its causes. */
export function pgFields(err: unknown): PgFields {
  let code: string | undefined;
  let constraint: string | undefined;
  let message: string | undefined;
  let detail: string | undefined;
  for (let e: unknown = err, i = 0; e && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    const c = (e as { code?: unknown }).code;
    if (!code && typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c)) {
      code = c;
      message = e instanceof Error ? e.message : undefined;
      const d = (e as { detail?: unknown }).detail;
      detail = typeof d === 'string' ? d : undefined;
    }
    const k = (e as { constraint?: unknown }).constraint;
    if (!constraint && typeof k === 'string') constraint = k;
  }
  return { code, constraint, message, detail };
}

export const pgCode = (err: unknown) => pgFields(err).code;
export const pgConstraint = (err: unknown) => pgFields(err).constraint;

/** Raised by our own SQL guards (`vt_guard`, SQLSTATE VT001): the invariant's name (e.g. 'insufficient_stock') and its detail (ids). */
export function raisedGuard(err: unknown): { reason: string; detail: string } | undefined {
  if (err instanceof DatabaseError) return err.guard;
  const f = pgFields(err);
  if (f.code !== 'VT001' || !f.message) return undefined;
  return { reason: f.message.replace(/^error:\s*/i, '').trim(), detail: f.detail ?? '' };
}

export type DatabaseFailure = 'unavailable' | 'retryable' | 'unique' | 'check' | 'foreign_key' | 'not_null' | 'invalid_input' | 'guard' | 'other';

export function classify(err: unknown): DatabaseFailure {
  if (err instanceof DatabaseUnavailableError) return 'unavailable';
  const { code } = pgFields(err);
  if (code) {
    if (code === 'VT001') return 'guard';
    if (code === '23505') return 'unique';
    if (code === '23514') return 'check';
    if (code === '23503') return 'foreign_key';
    if (code === '23502') return 'not_null';
    if (code === '40001' || code === '40P01' || code === '55P03') return 'retryable';
    // connection exceptions, operator intervention (shutdown, terminated), too many connections, auth (misconfiguration)
    if (code.startsWith('08') || code.startsWith('57') || code.startsWith('53') || code.startsWith('28') || code === '3D000') return 'unavailable';
    if (code.startsWith('22')) return 'invalid_input';
    return 'other';
  }
  const text = chainText(err);
  // fetch failures of the HTTP transport, WebSocket failures, timeouts, a missing configuration
  if (/connect|connection|terminat|socket|websocket|ECONN|EHOSTUNREACH|timed? ?out|timeout|closed|fetch failed|network|HTTP status 5\d\d|DATABASE_URL/i.test(text)) {
    return 'unavailable';
  }
  return 'other';
}

export function isUnavailable(err: unknown): boolean {
  const k = classify(err);
  return k === 'unavailable' || k === 'retryable';
}

function chainText(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, i = 0; e && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    parts.push(e instanceof Error ? `${e.name} ${e.message}` : String(e));
  }
  return parts.join(' | ');
}

/**
 * An error's text, safe for logs: query texts and parameters dropped, and
 * Postgres' `detail` (it quotes row values) never included — only the first
 * line of each message, the SQLSTATE and the constraint.
 */
export function safeErrorText(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, i = 0; e && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    const m = e instanceof Error ? e.message : String(e);
    if (m.startsWith('Failed query')) continue;
    const code = (e as { code?: unknown }).code;
    const constraint = (e as { constraint?: unknown }).constraint;
    parts.push(
      [
        (m.split('\n')[0] ?? '').slice(0, 160),
        typeof code === 'string' ? `code ${code}` : '',
        typeof constraint === 'string' ? `constraint ${constraint}` : '',
      ]
        .filter(Boolean)
        .join(', '),
    );
  }
  return parts.join(' ← ') || 'query failed';
}

/** The database could not be reached (down, slow, misconfigured, connection lost): nothing was changed; retry later. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  readonly retryAfterSeconds = 5;
  constructor(readonly reason: string) {
    super(`database unavailable: ${reason}`);
  }
}

/** A database error whose message was stripped of query text and parameters. */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
  constructor(
    message: string,
    readonly failure: DatabaseFailure,
    readonly code: string | undefined,
    readonly constraint: string | undefined,
    /** set for a `vt_guard` failure */
    readonly guard?: { reason: string; detail: string },
  ) {
    super(message);
  }
}

/** Normalises any error thrown by database work: unavailability → DatabaseUnavailableError, driver errors → DatabaseError (safe text). */
export function toDatabaseError(err: unknown): unknown {
  if (err instanceof DatabaseUnavailableError || err instanceof DatabaseError) return err;
  const failure = classify(err);
  if (failure === 'unavailable' || failure === 'retryable') return new DatabaseUnavailableError(safeErrorText(err));
  const { code, constraint } = pgFields(err);
  if (!code && !(err instanceof Error && /Failed query/.test(err.message))) return err; // not a database error: ours, pass through
  return new DatabaseError(safeErrorText(err), failure, code, constraint, raisedGuard(err));
}

/** What a database failure that nobody handled answers over HTTP (problem+json fields); undefined: not a database error. */
export function databaseProblem(err: unknown): { status: number; detail: string; headers?: Record<string, string>; log: string } | undefined {
  const e = toDatabaseError(err);
  const log = e instanceof Error ? e.message : 'database error';
  if (e instanceof DatabaseUnavailableError) {
    return {
      status: 503,
      detail: 'The shop could not reach its database. Nothing was changed; please try again in a moment.',
      headers: { 'retry-after': String(e.retryAfterSeconds) },
      log,
    };
  }
  if (e instanceof DatabaseError) {
    if (e.failure === 'unique') return { status: 409, detail: 'This conflicts with something that already exists.', log };
    if (e.failure === 'check' || e.failure === 'not_null' || e.failure === 'invalid_input' || e.failure === 'foreign_key') {
      return { status: 422, detail: 'The request breaks a rule of the shop’s data and was not applied.', log };
    }
  }
  return undefined;
}
