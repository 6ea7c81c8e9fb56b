import { describe, expect, it } from 'vitest';
import { ADMIN_ROLES, can, PERMISSIONS, roleAtMost } from './roles';

describe('permission matrix', () => {
  it('each role can do everything the role below it can', () => {
    const order = ['viewer', 'staff', 'manager', 'owner'] as const;
    for (let i = 1; i < order.length; i++) for (const p of PERMISSIONS) if (can(order[i - 1]!, p)) expect(can(order[i]!, p)).toBe(true);
  });

  it('matches the issue: viewer reads; staff orders+inventory; manager catalog, discounts, media; owner users, tokens, settings, audit', () => {
    expect(PERMISSIONS.filter((p) => can('viewer', p)).every((p) => p.endsWith(':read'))).toBe(true);
    expect(can('staff', 'orders:write') && can('staff', 'inventory:write') && !can('staff', 'catalog:write')).toBe(true);
    expect(can('manager', 'catalog:write') && can('manager', 'discounts:write') && can('manager', 'media:write') && !can('manager', 'users:manage')).toBe(true);
    for (const p of ['users:manage', 'tokens:manage', 'settings:manage', 'audit:read'] as const) expect(ADMIN_ROLES.filter((r) => can(r, p))).toEqual(['owner']);
    expect(roleAtMost('manager', 'owner')).toBe(true);
    expect(roleAtMost('owner', 'manager')).toBe(false);
  });

});
