/** The acting principal as an audit actor, and the audit write shared by every service. */
import type { Context } from 'hono';
import { redact, type AuditActor, type AuditEntry } from '../../../../domain/admin/audit';
import type { SQL } from 'drizzle-orm';
import { auditInsert, writeAudit } from '../../../../db/queries/admin/audit';
import type { Executor } from '../../../../db/queries/admin/shared';
import type { AdminAppEnv, Principal } from '../context';

export function actorOf(p: Principal | null | undefined): AuditActor {
  if (!p) return { kind: 'system', id: null, label: 'system' };
  return { kind: p.kind, id: p.id, label: p.label };
}

export function principalOf(c: Context<AdminAppEnv>): Principal {
  const p = c.get('principal');
  if (!p) throw new Error('no principal (guard missing)');
  return p;
}

/** Records an audit entry (values redacted) in the caller's transaction. */
export function audit(c: Context<AdminAppEnv>, tx: Executor, entry: AuditEntry): Promise<void> {
  return writeAudit(tx, actorOf(c.get('principal')), { ...entry, before: redact(entry.before), after: redact(entry.after) }, c.get('requestId') ?? null);
}

/** The same audit entry as a statement, for a batch transaction (`c.var.db.batch([...])`). */
export function auditStatement(c: Context<AdminAppEnv>, entry: AuditEntry): SQL {
  return auditInsert(actorOf(c.get('principal')), { ...entry, before: redact(entry.before), after: redact(entry.after) }, c.get('requestId') ?? null);
}
