import { sql } from 'drizzle-orm';
import type { Db } from '../../client';

export type Executor = Pick<Db, 'execute'>;
export type Tx = Db;

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** A timestamptz column as an ISO string in UTC. */
export const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', ${ISO})`);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function rows<T>(res: { rows: unknown[] }): T[] {
  return res.rows as T[];
}

/** Postgres unique violation on a named constraint / index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = (err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } }) ?? {};
  const code = e.code ?? e.cause?.code;
  const name = e.constraint ?? e.cause?.constraint;
  return code === '23505' && (!constraint || name === constraint);
}

/** Postgres check violation (e.g. stock below zero). */
export function isCheckViolation(err: unknown): boolean {
  const e = (err as { code?: string; cause?: { code?: string } }) ?? {};
  return (e.code ?? e.cause?.code) === '23514';
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}
