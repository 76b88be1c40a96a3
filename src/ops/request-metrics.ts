/** Records a served request twice: in D1 (for /api/metrics and alerts) and as a Workers Analytics Engine data point. */
import type { Db } from '../db/client';
import { logRequest, logRequestStatement } from '../db/request-log';
import type { WriteBehind } from '../db/write-behind';

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

/** With `writes`, the D1 row joins the request's write-behind batch instead of a round trip of its own. */
export async function recordRequest(db: Db, analytics: AnalyticsEngineDataset | undefined, r: ServedRequest, writes?: WriteBehind): Promise<void> {
  analytics?.writeDataPoint({ indexes: [r.kind], blobs: [r.kind, String(r.status), r.userId ?? ''], doubles: [r.latencyMs, r.cacheHit ? 1 : 0] });
  if (writes) writes.add(logRequestStatement(db, r));
  else await logRequest(db, r);
}
