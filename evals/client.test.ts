/** What the eval client sends to a deployed target, and which baseline a run is diffed against. */
import { describe, expect, it } from 'vitest';
import { baselinePath, modelSetOf } from './baseline';
import { targetHeaders } from './client';

describe('targetHeaders', () => {
  it('should send the Access service token and the version override when configured', () => {
    expect(targetHeaders({ CF_ACCESS_CLIENT_ID: 'id.access', CF_ACCESS_CLIENT_SECRET: 's3cret', EVAL_VERSION_OVERRIDE: 'edge-rag="v-1"' })).toEqual({
      'CF-Access-Client-Id': 'id.access',
      'CF-Access-Client-Secret': 's3cret',
      'Cloudflare-Workers-Version-Overrides': 'edge-rag="v-1"',
    });
  });

  it('should send no credentials when only half of the service token is set', () => {
    expect(targetHeaders({ CF_ACCESS_CLIENT_ID: 'id.access' })).toEqual({});
  });
});

describe('modelSetOf', () => {
  it('should keep the embedded models and Workers AI in separate baselines', () => {
    expect(modelSetOf({ embed: ['local/lexical-embed-v1'], answer: ['local/extractive-answer-v1'] })).toBe('local');
    expect(modelSetOf({ embed: ['@cf/baai/bge-base-en-v1.5'], answer: ['local/extractive-answer-v1'] })).toBe('production');
    expect(modelSetOf({})).toBe('production');
    expect(baselinePath('local')).toBe('golden/baseline.json');
    expect(baselinePath('production')).toBe('golden/baseline-production.json');
  });
});
