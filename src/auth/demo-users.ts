/** The local-mode demo users and their bearer tokens (overridable with the DEMO_TOKENS var). */
import type { Role } from './policy';

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  groups: string[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'alice', name: 'Alice', email: 'alice@demo.local', role: 'user', groups: ['support'] },
  { id: 'rita', name: 'Rita', email: 'rita@demo.local', role: 'reviewer', groups: ['support', 'finance'] },
  { id: 'ravi', name: 'Ravi', email: 'ravi@demo.local', role: 'reviewer', groups: ['support'] },
  { id: 'oscar', name: 'Oscar', email: 'oscar@demo.local', role: 'operator', groups: ['*'] },
];

/** Maps each demo token to its user; defaults to `demo-<id>`. */
export function demoTokenTable(overrides: Record<string, string> | undefined): Map<string, DemoUser> {
  return new Map(DEMO_USERS.map((u) => [overrides?.[u.id] ?? `demo-${u.id}`, u]));
}
