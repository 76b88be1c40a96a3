/** Records a served request twice: in D1 (for /api/metrics and alerts) and as a Workers Analytics Engine data point. */
import type { Db } from '../db/client';
import { logRequest } from '../db/request-log';

export interface ServedRequest {
  id: string;
  userId: string | null;
  kind: 'ask' | 'task';
  status: number;
  latencyMs: number;
  cacheHit: boolean;
  /** For an answered ask: whether it declined for lack of support in the corpus. */
  refused?: boolean | null;
  /** The Workers version that served the request. */
  versionId?: string | null;
}

export async function recordRequest(db: Db, analytics: AnalyticsEngineDataset | undefined, r: ServedRequest): Promise<void> {
  analytics?.writeDataPoint({ indexes: [r.kind], blobs: [r.kind, String(r.status), r.userId ?? ''], doubles: [r.latencyMs, r.cacheHit ? 1 : 0] });
  await logRequest(db, r);
}
