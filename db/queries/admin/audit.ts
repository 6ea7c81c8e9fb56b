/** The audit log: written in the same transaction as the change it records; read by owners with filters. */
import { sql, type SQL } from 'drizzle-orm';
import type { AuditActor, AuditEntry } from '../../../domain/admin/audit';
import { escapeLike, iso, rows, type Executor } from './shared';

export async function writeAudit(tx: Executor, actor: AuditActor, entry: AuditEntry, requestId: string | null): Promise<void> {
  await tx.execute(auditInsert(actor, entry, requestId));
}

/** The audit insert as a statement, for batch transactions (`Database.batch([...])`). */
export function auditInsert(actor: AuditActor, entry: AuditEntry, requestId: string | null): SQL {
  return sql`
    insert into admin_audit_log (actor_kind, actor_id, actor_label, action, entity_type, entity_id, before, after, request_id)
    values (${actor.kind}, ${actor.id}, ${actor.label}, ${entry.action}, ${entry.entityType}, ${entry.entityId},
            ${entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before)}::jsonb,
            ${entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after)}::jsonb, ${requestId})`;
}

export interface AuditRecord {
  id: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  beforeId?: number | undefined;
  limit?: number | undefined;
}

export async function listAudit(db: Executor, f: AuditFilter): Promise<{ items: AuditRecord[]; nextBeforeId: number | null }> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const r = await db.execute(sql`
    select id, ${iso('at')} as at, actor_kind as "actorKind", actor_id as "actorId", actor_label as "actorLabel", action,
      entity_type as "entityType", entity_id as "entityId", before, after
    from admin_audit_log
    where true
      ${f.actor ? sql`and actor_label ilike ${`%${escapeLike(f.actor)}%`}` : sql``}
      ${f.action ? sql`and action like ${`${escapeLike(f.action)}%`}` : sql``}
      ${f.entityType ? sql`and entity_type = ${f.entityType}` : sql``}
      ${f.entityId ? sql`and entity_id = ${f.entityId}` : sql``}
      ${f.from ? sql`and at >= ${f.from}::timestamptz` : sql``}
      ${f.to ? sql`and at < ${f.to}::timestamptz` : sql``}
      ${f.beforeId ? sql`and id < ${f.beforeId}` : sql``}
    order by id desc limit ${limit + 1}`);
  const items = rows<AuditRecord>(r).map((x) => ({ ...x, id: Number(x.id) }));
  const page = items.slice(0, limit);
  return { items: page, nextBeforeId: items.length > limit ? page[page.length - 1]!.id : null };
}
