/** Admin users: credentials for login, the list owners manage. */
import { sql, type SQL } from 'drizzle-orm';
import type { AdminRole } from '../../../domain/admin/roles';
import { iso, isUniqueViolation, rows, UUID, type Executor } from './shared';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface AdminCredentials extends AdminUser {
  passwordHash: string;
}

export class AdminEmailTakenError extends Error {
  override name = 'AdminEmailTakenError';
}

const cols = sql`id, email, name, role, disabled, ${iso('last_login_at')} as "lastLoginAt", ${iso('created_at')} as "createdAt"`;

export async function findAdminCredentials(db: Executor, email: string): Promise<AdminCredentials | null> {
  const r = await db.execute(sql`select ${cols}, password_hash as "passwordHash" from admin_users where lower(email) = lower(${email})`);
  return rows<AdminCredentials>(r)[0] ?? null;
}

export async function findAdminCredentialsById(db: Executor, id: string): Promise<AdminCredentials | null> {
  if (!UUID.test(id)) return null;
  const r = await db.execute(sql`select ${cols}, password_hash as "passwordHash" from admin_users where id = ${id}`);
  return rows<AdminCredentials>(r)[0] ?? null;
}

export async function getAdminUser(db: Executor, id: string): Promise<AdminUser | null> {
  if (!UUID.test(id)) return null;
  const r = await db.execute(sql`select ${cols} from admin_users where id = ${id}`);
  return rows<AdminUser>(r)[0] ?? null;
}

export async function listAdminUsers(db: Executor): Promise<AdminUser[]> {
  return rows<AdminUser>(await db.execute(sql`select ${cols} from admin_users order by lower(email)`));
}

export async function countOwners(db: Executor): Promise<number> {
  const r = await db.execute(sql`select count(*)::int as n from admin_users where role = 'owner' and not disabled`);
  return (r.rows[0] as { n: number }).n;
}

/** The insert as a statement returning the user (AdminUser columns), for batch transactions; a taken email fails with 23505. */
export function adminUserInsert(u: { id: string; email: string; name: string; role: AdminRole; passwordHash: string }): SQL {
  return sql`insert into admin_users (id, email, name, role, password_hash) values (${u.id}, ${u.email}, ${u.name}, ${u.role}, ${u.passwordHash}) returning ${cols}`;
}

export async function insertAdminUser(db: Executor, u: { email: string; name: string; role: AdminRole; passwordHash: string }): Promise<AdminUser> {
  try {
    const r = await db.execute(sql`insert into admin_users (email, name, role, password_hash) values (${u.email}, ${u.name}, ${u.role}, ${u.passwordHash}) returning ${cols}`);
    return rows<AdminUser>(r)[0]!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AdminEmailTakenError('email taken');
    throw err;
  }
}

export async function updateAdminUser(db: Executor, id: string, patch: { role?: AdminRole; disabled?: boolean; name?: string }): Promise<AdminUser | null> {
  const r = await db.execute(sql`
    update admin_users set
      role = coalesce(${patch.role ?? null}::admin_role, role),
      disabled = coalesce(${patch.disabled ?? null}::boolean, disabled),
      name = coalesce(${patch.name ?? null}, name),
      updated_at = now()
    where id = ${id} returning ${cols}`);
  return rows<AdminUser>(r)[0] ?? null;
}

export async function recordAdminLogin(db: Executor, id: string, newHash: string | null): Promise<void> {
  await db.execute(sql`update admin_users set last_login_at = now()
    ${newHash ? sql`, password_hash = ${newHash}` : sql``} where id = ${id}`);
}

export async function setAdminPassword(db: Executor, id: string, passwordHash: string): Promise<void> {
  await db.execute(sql`update admin_users set password_hash = ${passwordHash}, password_changed_at = now(), updated_at = now() where id = ${id}`);
}
