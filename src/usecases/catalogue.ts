/**
 * Every capability the service offers, the doors it can be reached through, and the rules its use case
 * enforces. The every-door test (test/integration/every-door.test.ts) walks this table: a capability, door
 * or rule listed here without a test row fails it, and so does an HTTP route or page with no capability.
 */
import type { Door } from './context';

export const RULES = ['role', 'group', 'kill-switch', 'rate-limit', 'budget'] as const;
export type Rule = (typeof RULES)[number];

export interface Capability {
  doors: readonly Door[];
  rules: readonly Rule[];
}

export const CAPABILITIES = {
  ask: { doors: ['http'], rules: ['role', 'group', 'kill-switch', 'rate-limit', 'budget'] },
  search: { doors: ['http'], rules: ['role', 'group', 'kill-switch', 'rate-limit', 'budget'] },
  'documents.upload': { doors: ['http'], rules: ['role', 'kill-switch'] },
  'documents.batch-upload': { doors: ['http'], rules: ['role', 'kill-switch'] },
  // Batch progress is an operator's view (operators read every group), so there is no group row to walk here.
  'documents.batch-status': { doors: ['http', 'page'], rules: ['role', 'kill-switch'] },
  'documents.list': { doors: ['http', 'page'], rules: ['role', 'group', 'kill-switch'] },
  'documents.read': { doors: ['http', 'page'], rules: ['role', 'group', 'kill-switch'] },
  // Only operators delete, and demo operators read every group, so there is no group row to walk here.
  'documents.delete': { doors: ['http'], rules: ['role', 'kill-switch'] },
  'tasks.create': { doors: ['http', 'websocket'], rules: ['role', 'kill-switch', 'rate-limit', 'budget'] },
  'tasks.list': { doors: ['http', 'page'], rules: ['role', 'kill-switch'] },
  'tasks.read': { doors: ['http', 'page'], rules: ['role', 'group', 'kill-switch'] },
  'tasks.propose': { doors: ['workflow'], rules: ['kill-switch', 'budget'] },
  'tasks.commit': { doors: ['workflow'], rules: ['kill-switch'] },
  'reviews.queue': { doors: ['http', 'page'], rules: ['role', 'group', 'kill-switch'] },
  /** One review with its evidence: system-of-record facts and policy passages within the reviewer's groups. */
  'reviews.read': { doors: ['http', 'page'], rules: ['role', 'group', 'kill-switch'] },
  'reviews.decide': { doors: ['http'], rules: ['role', 'group', 'kill-switch'] },
  /** Only on your own answers and tasks, so there is no group row: the content is yours already. */
  'feedback.give': { doors: ['http'], rules: ['role', 'kill-switch'] },
  // The inbox and candidates withhold content outside the operator's groups, but demo operators read every
  // group, so their group rows are walked in inbox.test.ts with a narrower operator instead of here.
  'inbox.read': { doors: ['http', 'page'], rules: ['role', 'kill-switch'] },
  'golden.promote': { doors: ['http'], rules: ['role', 'kill-switch'] },
  'golden.candidates.read': { doors: ['http', 'page'], rules: ['role', 'kill-switch'] },
  'golden.candidates.edit': { doors: ['http'], rules: ['role', 'kill-switch'] },
  'session.connect': { doors: ['websocket'], rules: ['role'] },
  'admin.metrics': { doors: ['http', 'page'], rules: ['role'] },
  'kpi.write': { doors: ['http'], rules: ['role', 'kill-switch'] },
  'admin.kill-switch': { doors: ['http'], rules: ['role'] },
  'admin.retention': { doors: ['http'], rules: ['role', 'kill-switch'] },
  'admin.erase': { doors: ['http'], rules: ['role', 'kill-switch'] },
  /** Retention and crash repair on the cron: the system acts, so only the switch applies. */
  'maintenance.scheduled': { doors: ['cron'], rules: ['kill-switch'] },
  'traces.read': { doors: ['http'], rules: ['role', 'kill-switch'] },
} as const satisfies Record<string, Capability>;

export type CapabilityName = keyof typeof CAPABILITIES;
