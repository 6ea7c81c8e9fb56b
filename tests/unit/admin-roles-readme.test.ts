import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissionMatrixMarkdown } from '../../domain/admin/roles';

describe('README', () => {
  it('documents exactly the admin permission matrix of domain/admin/roles.ts', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(permissionMatrixMarkdown());
  });
});
