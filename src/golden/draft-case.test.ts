import { describe, expect, it } from 'vitest';
import { draftCase, slugOf } from './draft-case';
import { caseBodySchema, incompleteCase } from './golden-case-schema';

describe('draftCase', () => {
  it('should turn a disputed refusal into an answered case the operator still has to complete', () => {
    const c = draftCase({ kind: 'answer', userId: 'alice', question: 'Can I return a used stove?', grounded: false, documents: [], feedback: { reason: 'wrong', comment: 'It is in the policy' } });
    expect(c).toMatchObject({ kind: 'ask', user: 'alice', tags: ['failure-mode', 'feedback'], expect: { route: 'answered', documents: [], facts: [] } });
    expect(c.note).toContain('disputed refusal: wrong · It is in the policy');
    expect(caseBodySchema.parse(c)).toEqual(c);
    expect(incompleteCase(c)).toEqual(['an answered case needs at least one expected fact', 'an answered case needs the documents that support it']);
  });

  it('should expect a refusal when the asker marked the answer unsafe', () => {
    const c = draftCase({ kind: 'answer', userId: 'u_77', question: 'q', grounded: true, documents: ['01-refund-policy'], feedback: { reason: 'unsafe', comment: null } });
    expect(c.expect).toEqual({ route: 'refused', documents: [], facts: [] });
    expect(c.user).toBe('alice');
    expect(c.note).toContain('asked by u_77');
    expect(incompleteCase(c)).toEqual([]);
  });

  it('should keep a rejected proposal as the expected action for the operator to correct', () => {
    const c = draftCase({
      kind: 'task',
      userId: 'ravi',
      input: 'Refund ORD-1004',
      route: 'review',
      status: 'rejected',
      documents: [],
      proposal: { action: 'issue_refund', params: { orderId: 'ORD-1004', amountUsd: 500 } },
      why: 'amount above the order total',
    });
    expect(c.expect).toEqual({ route: 'review', action: { type: 'issue_refund', params: { orderId: 'ORD-1004', amountUsd: 500 } } });
    expect(c.tags).toEqual(['action', 'feedback']);
    expect(incompleteCase(c)).toEqual([]);
  });

  it('should name documents by slug', () => {
    expect(slugOf('01-refund-policy.md', 'doc_1')).toBe('01-refund-policy');
    expect(slugOf(null, 'doc_1')).toBe('doc_1');
  });
});
