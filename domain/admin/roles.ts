/**
 * Admin roles and what each may do. The single source of truth for the
 * admin worker's guards, its route × role tests and the README table.
 *
 *   viewer   reads everything a merchant reads (not users, tokens, audit log)
 *   staff    + orders (mark paid, fulfil, cancel, refund) and inventory
 *   manager  + catalog (products, collections, CSV), discounts and media
 *   owner    + admin users, API tokens, settings and backups, the audit log
 */
export const ADMIN_ROLES = ['owner', 'manager', 'staff', 'viewer'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const PERMISSIONS = [
  'dashboard:read',
  'catalog:read',
  'catalog:write',
  'media:write',
  'discounts:read',
  'discounts:write',
  'orders:read',
  'orders:write',
  'inventory:read',
  'inventory:write',
  'users:manage',
  'tokens:manage',
  'settings:manage',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = ['dashboard:read', 'catalog:read', 'discounts:read', 'orders:read', 'inventory:read'];
const STAFF: readonly Permission[] = [...VIEWER, 'orders:write', 'inventory:write'];
const MANAGER: readonly Permission[] = [...STAFF, 'catalog:write', 'media:write', 'discounts:write'];
const OWNER: readonly Permission[] = [...MANAGER, 'users:manage', 'tokens:manage', 'settings:manage', 'audit:read'];

export const ROLE_PERMISSIONS: Readonly<Record<AdminRole, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  staff: new Set(STAFF),
  manager: new Set(MANAGER),
  owner: new Set(OWNER),
};

export function can(role: AdminRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function isAdminRole(v: unknown): v is AdminRole {
  return typeof v === 'string' && (ADMIN_ROLES as readonly string[]).includes(v);
}

/** Roles ordered by reach; a user may only hand out roles up to their own (owners hand out any). */
const RANK: Record<AdminRole, number> = { viewer: 0, staff: 1, manager: 2, owner: 3 };
export function roleAtMost(role: AdminRole, ceiling: AdminRole): boolean {
  return RANK[role] <= RANK[ceiling];
}

export const ROLE_LABELS: Record<AdminRole, string> = { owner: 'Owner', manager: 'Manager', staff: 'Staff', viewer: 'Viewer' };

export const PERMISSION_LABELS: Record<Permission, string> = {
  'dashboard:read': 'see the dashboard',
  'catalog:read': 'read products and collections (CSV export)',
  'catalog:write': 'create, edit, publish products and collections (CSV import)',
  'media:write': 'upload, reorder, describe and delete product images',
  'discounts:read': 'read discount codes and their usage',
  'discounts:write': 'create, edit, deactivate discount codes',
  'orders:read': 'read orders',
  'orders:write': 'mark paid, fulfil, cancel and refund orders',
  'inventory:read': 'read stock levels and history',
  'inventory:write': 'adjust stock',
  'users:manage': 'invite, change the role of and disable admin users',
  'tokens:manage': 'create and revoke API tokens',
  'settings:manage': 'shop settings and backups',
  'audit:read': 'read the audit log',
};

/** The matrix as Markdown (README table; a unit test keeps the README in step). */
export function permissionMatrixMarkdown(): string {
  const head = `| permission | ${ADMIN_ROLES.join(' | ')} |\n|---|${ADMIN_ROLES.map(() => ':-:').join('|')}|`;
  const rows = PERMISSIONS.map((p) => `| \`${p}\` — ${PERMISSION_LABELS[p]} | ${ADMIN_ROLES.map((r) => (can(r, p) ? '✓' : '')).join(' | ')} |`);
  return [head, ...rows].join('\n');
}
