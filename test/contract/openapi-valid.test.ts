/** docs/openapi.json (the generated API document, kept current by test/integration/openapi.test.ts) is valid OpenAPI 3.1. */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';

describe('docs/openapi.json', () => {
  it('should validate against the OpenAPI 3.1 schema', async () => {
    const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('should reject a document that breaks the schema, so the check can fail', async () => {
    const result = await new Validator().validate({ openapi: '3.1.0', info: { title: 'x' }, paths: { '/a': { get: { responses: 'nope' } } } });
    expect(result.valid).toBe(false);
  });
});
