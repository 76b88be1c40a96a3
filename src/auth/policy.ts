/** The one policy table: which role holds which permission. Every permission check reads it. */
import { z } from 'zod';

export const roleSchema = z.enum(['user', 'reviewer', 'operator']);
export type Role = z.infer<typeof roleSchema>;

export const PERMISSIONS = [
  'ask',
  'tasks:create',
  'tasks:read-own',
  'traces:read-own',
  'reviews:read',
  'reviews:decide',
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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const USER: readonly Permission[] = ['ask', 'tasks:create', 'tasks:read-own', 'traces:read-own', 'documents:read', 'feedback:give'];

export const POLICY: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  user: new Set(USER),
  reviewer: new Set<Permission>([...USER, 'reviews:read', 'reviews:decide']),
  // Operators run the system; deciding reviews stays with reviewers (separation of duties).
  operator: new Set<Permission>([
    ...USER,
    'documents:write',
    'traces:read-all',
    'metrics:read',
    'admin:kill-switch',
    'admin:retention',
    'evals:read',
    'evals:curate',
    'kpi:write',
  ]),
};

export function can(role: Role, permission: Permission): boolean {
  return POLICY[role].has(permission);
}
