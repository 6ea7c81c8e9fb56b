/** Inventory, discounts, users and API tokens: each write audited in its transaction. */
import type { Context } from 'hono';
import type { DiscountInput, StockAdjustmentInput } from '../../../../domain/admin/catalog-input';
import { deltaAllowed } from '../../../../domain/admin/inventory';
import { roleAtMost, type AdminRole } from '../../../../domain/admin/roles';
import { stockDisplayChanged } from '../../../../domain/order/stock';
import { DiscountCodeTakenError, getAdminDiscount, removeDiscount, saveDiscount, UsageLimitBelowUsesError } from '../../../../db/queries/admin/discounts';
import { adjustStock, StockWouldGoNegativeError, UnknownVariantError, type StockLevel } from '../../../../db/queries/admin/inventory';
import { getApiToken, insertApiToken, revokeApiToken, type ApiToken } from '../../../../db/queries/admin/tokens';
import { AdminEmailTakenError, countOwners, getAdminUser, insertAdminUser, updateAdminUser, type AdminUser } from '../../../../db/queries/admin/users';
import type { AdminAppEnv } from '../context';
import { AdminError, withDb } from '../db';
import { adminSessions, passwords, redisOf } from '../auth/sessions';
import { newTokenSecret } from '../auth/tokens';
import { audit, principalOf } from './actor';
import { productsChanged, publishNow } from './publish';

type C = Context<AdminAppEnv>;

export async function adjustInventory(c: C, variantId: string, input: StockAdjustmentInput): Promise<StockLevel> {
  if (!deltaAllowed(input.reason, input.delta)) {
    throw new AdminError(422, 'This reason cannot move stock in that direction.', { delta: input.reason === 'damaged' ? 'Damaged stock is removed: enter a negative number.' : 'Received and returned stock is added: enter a positive number.' });
  }
  return withDb(c, async (db) => {
    const { after, outboxId } = await db
      .transaction(async (tx) => {
        const { before, after } = await adjustStock(tx, { variantId, delta: input.delta, reason: input.reason, note: input.note, actorLabel: principalOf(c).label });
        const outboxId = stockDisplayChanged(before.available, after.available) ? await productsChanged(tx, [after.productId]) : null;
        await audit(c, tx, { action: 'inventory.adjust', entityType: 'variant', entityId: variantId, before: { onHand: before.onHand, reserved: before.reserved }, after: { onHand: after.onHand, reserved: after.reserved, delta: input.delta, reason: input.reason, note: input.note } });
        return { after, outboxId };
      })
      .catch((err) => {
        if (err instanceof StockWouldGoNegativeError) throw new AdminError(409, `Only ${err.available} available: stock cannot go below zero or below what is reserved.`, { delta: `Only ${err.available} available to remove.` });
        if (err instanceof UnknownVariantError) throw new AdminError(404, 'No such variant.');
        throw err;
      });
    await publishNow(c, db, [outboxId]);
    return after;
  });
}

export async function saveDiscountAudited(c: C, id: string | null, input: DiscountInput) {
  return withDb(c, (db) =>
    db
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
      }),
  );
}

export async function removeDiscountAudited(c: C, id: string): Promise<'deleted' | 'deactivated'> {
  return withDb(c, (db) =>
    db.transaction(async (tx) => {
      const before = await getAdminDiscount(tx, id, { forUpdate: true });
      if (!before) throw new AdminError(404, 'No such discount.');
      const outcome = await removeDiscount(tx, id);
      await audit(c, tx, { action: `discount.${outcome === 'deleted' ? 'delete' : 'deactivate'}`, entityType: 'discount', entityId: id, before, after: outcome === 'deleted' ? null : { ...before, active: false } });
      return outcome;
    }),
  );
}

export async function inviteUser(c: C, u: { email: string; name: string; role: AdminRole; password: string }): Promise<AdminUser> {
  const me = principalOf(c);
  if (!roleAtMost(u.role, me.role)) throw new AdminError(409, 'You cannot grant a role above your own.');
  const passwordHash = await passwords.hash(u.password);
  return withDb(c, (db) =>
    db
      .transaction(async (tx) => {
        const user = await insertAdminUser(tx, { email: u.email, name: u.name, role: u.role, passwordHash });
        await audit(c, tx, { action: 'user.create', entityType: 'admin_user', entityId: user.id, before: null, after: user });
        return user;
      })
      .catch((err) => {
        if (err instanceof AdminEmailTakenError) throw new AdminError(409, 'An admin with this email exists.', { email: 'An admin with this email exists.' });
        throw err;
      }),
  );
}

export async function changeUser(c: C, id: string, patch: { role?: AdminRole | undefined; disabled?: boolean | undefined }): Promise<AdminUser> {
  const me = principalOf(c);
  if (id === me.id && (patch.disabled || (patch.role && patch.role !== me.role))) throw new AdminError(409, 'You cannot disable yourself or change your own role.');
  const user = await withDb(c, (db) =>
    db.transaction(async (tx) => {
      const before = await getAdminUser(tx, id);
      if (!before) throw new AdminError(404, 'No such admin user.');
      const after = (await updateAdminUser(tx, id, { ...(patch.role ? { role: patch.role } : {}), ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}) }))!;
      if (before.role === 'owner' && (after.role !== 'owner' || after.disabled) && (await countOwners(tx)) === 0) throw new AdminError(409, 'The shop needs at least one active owner.');
      await audit(c, tx, { action: 'user.update', entityType: 'admin_user', entityId: id, before, after });
      return after;
    }),
  );
  // a disabled user or a changed role: end their sessions now (they sign in again with the new role)
  if (patch.disabled || patch.role) await adminSessions.destroyAllForSubject(redisOf(c), id);
  return user;
}

export async function createToken(c: C, t: { name: string; role: AdminRole; expiresAt: string | null }): Promise<{ token: ApiToken; secret: string }> {
  const me = principalOf(c);
  if (!roleAtMost(t.role, me.role)) throw new AdminError(409, 'A token cannot have a role above yours.');
  const { secret, hash, prefix } = await newTokenSecret();
  const token = await withDb(c, (db) =>
    db.transaction(async (tx) => {
      const token = await insertApiToken(tx, { name: t.name, tokenHash: hash, prefix, role: t.role, createdBy: me.kind === 'user' ? me.id : null, expiresAt: t.expiresAt });
      await audit(c, tx, { action: 'token.create', entityType: 'api_token', entityId: token.id, before: null, after: { name: token.name, role: token.role, prefix: token.prefix, expiresAt: token.expiresAt } });
      return token;
    }),
  );
  return { token, secret };
}

export async function revokeToken(c: C, id: string): Promise<ApiToken> {
  return withDb(c, (db) =>
    db.transaction(async (tx) => {
      const before = await getApiToken(tx, id);
      if (!before) throw new AdminError(404, 'No such token.');
      const after = (await revokeApiToken(tx, id))!;
      await audit(c, tx, { action: 'token.revoke', entityType: 'api_token', entityId: id, before: { name: before.name, revokedAt: before.revokedAt }, after: { name: after.name, revokedAt: after.revokedAt } });
      return after;
    }),
  );
}
