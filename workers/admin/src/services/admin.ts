/**
 * Inventory, discounts, users and API tokens: each write audited in its transaction — an interactive one where the
 * write depends on what it reads (locks, before/after, owner count), a batch (one HTTP round trip) where it does not.
 */
import type { Context } from 'hono';
import type { DiscountInput, StockAdjustmentInput } from '../../../../domain/admin/catalog-input';
import { deltaAllowed } from '../../../../domain/admin/inventory';
import { roleAtMost, type AdminRole } from '../../../../domain/admin/roles';
import { stockDisplayChanged } from '../../../../domain/order/stock';
import { DiscountCodeTakenError, getAdminDiscount, removeDiscount, saveDiscount, UsageLimitBelowUsesError } from '../../../../db/queries/admin/discounts';
import { adjustStock, StockWouldGoNegativeError, UnknownVariantError, type StockLevel } from '../../../../db/queries/admin/inventory';
import { isUniqueViolation } from '../../../../db/queries/admin/shared';
import { apiTokenInsert, getApiToken, revokeApiToken, type ApiToken } from '../../../../db/queries/admin/tokens';
import { adminUserInsert, countOwners, getAdminUser, updateAdminUser, type AdminUser } from '../../../../db/queries/admin/users';
import type { AdminAppEnv } from '../context';
import { AdminError } from '../errors';
import { adminSessions, passwords, redisOf } from '../auth/sessions';
import { newTokenSecret } from '../auth/tokens';
import { audit, auditStatement, principalOf } from './actor';
import { actionKey, claim, record, type ActionResult } from './idempotency';
import { productsChanged, publishNow } from './publish';

type C = Context<AdminAppEnv>;

/**
 * A stock adjustment, idempotent by key (a double submit adjusts once; the second gets the first's result).
 * An interactive transaction: the key claim decides whether anything happens, the level row is locked, the
 * conditional update's result and the levels before/after feed the history, the audit entry and the outbox.
 */
export async function adjustInventory(c: C, variantId: string, input: StockAdjustmentInput, clientKey: string): Promise<ActionResult<StockLevel>> {
  if (!deltaAllowed(input.reason, input.delta)) {
    throw new AdminError(422, 'This reason cannot move stock in that direction.', { delta: input.reason === 'damaged' ? 'Damaged stock is removed: enter a negative number.' : 'Received and returned stock is added: enter a positive number.' });
  }
  const k = await actionKey(c, clientKey, 'inventory.adjust', variantId, input);
  const { result, outboxId } = await c.var.db
    .transaction(async (tx) => {
      const replay = await claim<StockLevel>(tx, k);
      if (replay) return { result: replay, outboxId: null };
      const { before, after } = await adjustStock(tx, { variantId, delta: input.delta, reason: input.reason, note: input.note, actorLabel: principalOf(c).label });
      const outboxId = stockDisplayChanged(before.available, after.available) ? await productsChanged(tx, [after.productId]) : null;
      await audit(c, tx, { action: 'inventory.adjust', entityType: 'variant', entityId: variantId, before: { onHand: before.onHand, reserved: before.reserved }, after: { onHand: after.onHand, reserved: after.reserved, delta: input.delta, reason: input.reason, note: input.note } });
      return { result: await record(tx, k, 201, after), outboxId };
    })
    .catch((err) => {
      if (err instanceof StockWouldGoNegativeError) throw new AdminError(409, `Only ${err.available} available: stock cannot go below zero or below what is reserved.`, { delta: `Only ${err.available} available to remove.` });
      if (err instanceof UnknownVariantError) throw new AdminError(404, 'No such variant.');
      throw err;
    });
  await publishNow(c, [outboxId]);
  return result;
}

export async function saveDiscountAudited(c: C, id: string | null, input: DiscountInput) {
  // interactive: the locked row before, the write, the row after (audit before/after)
  return c.var.db
    .transaction(async (tx) => {
      const before = id ? await getAdminDiscount(tx, id, { forUpdate: true }) : null;
      if (id && !before) throw new AdminError(404, 'No such discount.');
      const savedId = await saveDiscount(tx, id, input);
      const after = (await getAdminDiscount(tx, savedId))!;
      await audit(c, tx, { action: id ? 'discount.update' : 'discount.create', entityType: 'discount', entityId: savedId, before, after });
      return after;
    })
    .catch((err) => {
      if (err instanceof DiscountCodeTakenError) throw new AdminError(409, 'Another discount uses this code.', { code: 'Another discount uses this code.' });
      if (err instanceof UsageLimitBelowUsesError) throw new AdminError(409, 'The usage limit is below the uses so far.', { usageLimit: 'Below the number of uses so far.' });
      throw err;
    });
}

export async function removeDiscountAudited(c: C, id: string): Promise<'deleted' | 'deactivated'> {
  // interactive: whether the code was used decides between delete and deactivate
  return c.var.db.transaction(async (tx) => {
    const before = await getAdminDiscount(tx, id, { forUpdate: true });
    if (!before) throw new AdminError(404, 'No such discount.');
    const outcome = await removeDiscount(tx, id);
    await audit(c, tx, { action: `discount.${outcome === 'deleted' ? 'delete' : 'deactivate'}`, entityType: 'discount', entityId: id, before, after: outcome === 'deleted' ? null : { ...before, active: false } });
    return outcome;
  });
}

export async function inviteUser(c: C, u: { email: string; name: string; role: AdminRole; password: string }): Promise<AdminUser> {
  const me = principalOf(c);
  if (!roleAtMost(u.role, me.role)) throw new AdminError(409, 'You cannot grant a role above your own.');
  const passwordHash = await passwords.hash(u.password);
  // no reads in between: the user and its audit entry in one batch transaction (one HTTP round trip)
  const id = crypto.randomUUID();
  try {
    const [inserted] = await c.var.db.batch([
      adminUserInsert({ id, email: u.email, name: u.name, role: u.role, passwordHash }),
      auditStatement(c, { action: 'user.create', entityType: 'admin_user', entityId: id, before: null, after: { id, email: u.email, name: u.name, role: u.role, disabled: false } }),
    ]);
    return inserted![0] as unknown as AdminUser;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AdminError(409, 'An admin with this email exists.', { email: 'An admin with this email exists.' });
    throw err;
  }
}

export async function changeUser(c: C, id: string, patch: { role?: AdminRole | undefined; disabled?: boolean | undefined }): Promise<AdminUser> {
  const me = principalOf(c);
  if (id === me.id && (patch.disabled || (patch.role && patch.role !== me.role))) throw new AdminError(409, 'You cannot disable yourself or change your own role.');
  // interactive: the owner count after the change decides whether it may commit
  const user = await c.var.db.transaction(async (tx) => {
    const before = await getAdminUser(tx, id);
    if (!before) throw new AdminError(404, 'No such admin user.');
    const after = (await updateAdminUser(tx, id, { ...(patch.role ? { role: patch.role } : {}), ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}) }))!;
    if (before.role === 'owner' && (after.role !== 'owner' || after.disabled) && (await countOwners(tx)) === 0) throw new AdminError(409, 'The shop needs at least one active owner.');
    await audit(c, tx, { action: 'user.update', entityType: 'admin_user', entityId: id, before, after });
    return after;
  });
  // a disabled user or a changed role: end their sessions now (they sign in again with the new role)
  if (patch.disabled || patch.role) await adminSessions.destroyAllForSubject(redisOf(c), id);
  return user;
}

export async function createToken(c: C, t: { name: string; role: AdminRole; expiresAt: string | null }): Promise<{ token: ApiToken; secret: string }> {
  const me = principalOf(c);
  if (!roleAtMost(t.role, me.role)) throw new AdminError(409, 'A token cannot have a role above yours.');
  const { secret, hash, prefix } = await newTokenSecret();
  // no reads in between: the token and its audit entry in one batch transaction (one HTTP round trip)
  const id = crypto.randomUUID();
  const [inserted] = await c.var.db.batch([
    apiTokenInsert({ id, name: t.name, tokenHash: hash, prefix, role: t.role, createdBy: me.kind === 'user' ? me.id : null, expiresAt: t.expiresAt }),
    auditStatement(c, { action: 'token.create', entityType: 'api_token', entityId: id, before: null, after: { name: t.name, role: t.role, prefix, expiresAt: t.expiresAt } }),
  ]);
  return { token: inserted![0] as unknown as ApiToken, secret };
}

export async function revokeToken(c: C, id: string): Promise<ApiToken> {
  // interactive: the token before (404 when unknown, audit before/after)
  return c.var.db.transaction(async (tx) => {
    const before = await getApiToken(tx, id);
    if (!before) throw new AdminError(404, 'No such token.');
    const after = (await revokeApiToken(tx, id))!;
    await audit(c, tx, { action: 'token.revoke', entityType: 'api_token', entityId: id, before: { name: before.name, revokedAt: before.revokedAt }, after: { name: after.name, revokedAt: after.revokedAt } });
    return after;
  });
}
