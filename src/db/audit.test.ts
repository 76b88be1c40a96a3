import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { appendAudit, auditFor } from './audit';
import { getDb } from './client';

describe('appendAudit', () => {
  it('should store details with their PII redacted at any depth, ids and amounts kept', async () => {
    const db = getDb(env.DB);
    await appendAudit(db, {
      actorId: 'rita',
      event: 'review.decided',
      subjectType: 'task',
      subjectId: 'audit-pii-test',
      details: { comment: 'Called her on 07700 063 966', params: { orderId: 'ORD-1002', amount: 54.95, note: ['mail jane@example.com'] } },
    });
    const [entry] = await auditFor(db, 'task', 'audit-pii-test');
    expect(entry?.details).toEqual({
      comment: 'Called her on [REDACTED:phone]',
      params: { orderId: 'ORD-1002', amount: 54.95, note: ['mail [REDACTED:email]'] },
    });
  });
});
