import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, POLICY, roleSchema, type Permission, type Role } from './policy';

const ROLES: readonly Role[] = ['user', 'reviewer', 'operator'];

function granted(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => can(role, p));
}

describe('can', () => {
  it('should not let a user decide or read reviews', () => {
    expect(can('user', 'reviews:decide')).toBe(false);
    expect(can('user', 'reviews:read')).toBe(false);
  });

  it('should let a reviewer read and decide reviews', () => {
    expect(can('reviewer', 'reviews:decide')).toBe(true);
    expect(can('reviewer', 'reviews:read')).toBe(true);
  });

  it('should give an operator documents:write but not reviews:decide', () => {
    expect(can('operator', 'documents:write')).toBe(true);
    expect(can('operator', 'reviews:decide')).toBe(false);
  });

  it('should keep documents:write and admin permissions away from users and reviewers', () => {
    for (const role of ['user', 'reviewer'] as const) {
      expect(can(role, 'documents:write')).toBe(false);
      expect(can(role, 'admin:kill-switch')).toBe(false);
      expect(can(role, 'admin:retention')).toBe(false);
      expect(can(role, 'traces:read-all')).toBe(false);
    }
  });

  it('should grant exactly the documented permissions per role', () => {
    expect(granted('user')).toEqual(['ask', 'tasks:create', 'tasks:read-own', 'traces:read-own', 'documents:read', 'feedback:give']);
    expect(granted('reviewer')).toEqual(['ask', 'tasks:create', 'tasks:read-own', 'traces:read-own', 'reviews:read', 'reviews:decide', 'documents:read', 'feedback:give']);
    expect(granted('operator')).toEqual([
      'ask',
      'tasks:create',
      'tasks:read-own',
      'traces:read-own',
      'documents:read',
      'documents:write',
      'traces:read-all',
      'metrics:read',
      'admin:kill-switch',
      'admin:retention',
      'evals:read',
      'evals:curate',
      'feedback:give',
      'kpi:write',
    ]);
  });

  it('should give every role the baseline user permissions', () => {
    for (const role of ROLES) for (const p of POLICY.user) expect(can(role, p)).toBe(true);
  });

  it('should only reference known permissions', () => {
    for (const role of ROLES) for (const p of POLICY[role]) expect(PERMISSIONS).toContain(p);
  });
});

describe('roleSchema', () => {
  it('should accept the three roles and reject anything else', () => {
    for (const role of ROLES) expect(roleSchema.parse(role)).toBe(role);
    expect(roleSchema.safeParse('admin').success).toBe(false);
    expect(roleSchema.safeParse('USER').success).toBe(false);
  });
});
