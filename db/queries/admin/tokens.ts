/** API tokens: only SHA-256 of the secret is stored; lookups by hash; last use recorded at most once a minute. */
import { sql, type SQL } from 'drizzle-orm';
import type { AdminRole } from '../../../domain/admin/roles';
import { iso, rows, UUID, type Executor } from './shared';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  role: AdminRole;
  createdBy: string | null;
  createdByEmail: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const cols = sql`t.id, t.name, t.prefix, t.role, t.created_by as "createdBy", (select email from admin_users u where u.id = t.created_by) as "createdByEmail",
  ${iso('t.created_at')} as "createdAt", ${iso('t.last_used_at')} as "lastUsedAt", ${iso('t.expires_at')} as "expiresAt", ${iso('t.revoked_at')} as "revokedAt"`;

export interface NewApiToken {
  /** chosen by the caller, so a batch can audit it in the same round trip */
  id: string;
  name: string;
  tokenHash: string;
  prefix: string;
  role: AdminRole;
  createdBy: string | null;
  expiresAt: string | null;
}

/** The insert as a statement returning the token (ApiToken columns), for batch transactions. */
export function apiTokenInsert(t: NewApiToken): SQL {
  return sql`
    with ins as (insert into admin_api_tokens (id, name, token_hash, prefix, role, created_by, expires_at)
      values (${t.id}, ${t.name}, ${t.tokenHash}, ${t.prefix}, ${t.role}, ${t.createdBy}, ${t.expiresAt}) returning *)
    select ${cols} from ins t`;
}


/** The live token with this hash (not revoked, not expired), marking it used. */
export async function useApiToken(db: Executor, tokenHash: string): Promise<ApiToken | null> {
  const r = await db.execute(sql`
    with hit as (
      select id from admin_api_tokens
       where token_hash = ${tokenHash} and revoked_at is null and (expires_at is null or expires_at > now())),
    touched as (
      update admin_api_tokens set last_used_at = now()
       where id in (select id from hit) and (last_used_at is null or last_used_at < now() - interval '1 minute')
       returning id)
    select ${cols} from admin_api_tokens t where t.id in (select id from hit)`);
  return rows<ApiToken>(r)[0] ?? null;
}

export async function listApiTokens(db: Executor): Promise<ApiToken[]> {
  return rows<ApiToken>(await db.execute(sql`select ${cols} from admin_api_tokens t order by t.revoked_at is not null, t.created_at desc`));
}

export async function getApiToken(db: Executor, id: string): Promise<ApiToken | null> {
  if (!UUID.test(id)) return null;
  return rows<ApiToken>(await db.execute(sql`select ${cols} from admin_api_tokens t where t.id = ${id}`))[0] ?? null;
}

export async function revokeApiToken(db: Executor, id: string): Promise<ApiToken | null> {
  if (!UUID.test(id)) return null;
  const r = await db.execute(sql`
    with upd as (update admin_api_tokens set revoked_at = coalesce(revoked_at, now()) where id = ${id} returning *)
    select ${cols} from upd t`);
  return rows<ApiToken>(r)[0] ?? null;
}
