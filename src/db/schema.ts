/** The one source of truth for D1 tables; drizzle-kit generates migrations/ from this file. */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = {
  createdAt: integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
};

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['user', 'reviewer', 'operator'] }).notNull().default('user'),
  groups: text('groups', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  ...createdAt,
});

/** One row per model call attempt: what was asked (redacted), what came back, and what it cost. */
export const traces = sqliteTable(
  'traces',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id').notNull(),
    taskId: text('task_id'),
    userId: text('user_id'),
    operation: text('operation', { enum: ['embed', 'generate', 'rerank', 'guard'] }).notNull(),
    model: text('model').notNull(),
    provider: text('provider').notNull(),
    prompt: text('prompt').notNull(),
    response: text('response'),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    latencyMs: real('latency_ms').notNull(),
    costUsd: real('cost_usd').notNull().default(0),
    cacheHit: integer('cache_hit', { mode: 'boolean' }).notNull().default(false),
    attempt: integer('attempt').notNull().default(1),
    error: text('error'),
    ...createdAt,
  },
  (t) => [index('traces_request_idx').on(t.requestId), index('traces_user_idx').on(t.userId, t.createdAt)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: text('actor_id'),
    event: text('event').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    ...createdAt,
  },
  (t) => [index('audit_subject_idx').on(t.subjectType, t.subjectId)],
);

export const documentStatuses = ['queued', 'parsing', 'embedding', 'ready', 'failed'] as const;

export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    source: text('source'),
    contentHash: text('content_hash').notNull(),
    objectKey: text('object_key').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    groups: text('groups', { mode: 'json' }).$type<string[]>().notNull(),
    status: text('status', { enum: documentStatuses }).notNull().default('queued'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    chunkCount: integer('chunk_count').notNull().default(0),
    error: text('error'),
    createdBy: text('created_by').notNull(),
    ...createdAt,
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex('documents_hash_idx').on(t.contentHash)],
);

/** Chunk text with character offsets into the document's extracted text; mirrored into chunks_fts by triggers. */
export const chunks = sqliteTable(
  'chunks',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    heading: text('heading'),
    text: text('text').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
  },
  (t) => [index('chunks_document_idx').on(t.documentId, t.ordinal)],
);

/** The extracted plain text of each document, so citations can show spans with context. */
export const documentTexts = sqliteTable('document_texts', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  text: text('text').notNull(),
});

/** Storage of the local vector index (local mode only; production uses Vectorize). */
export const localVectors = sqliteTable('local_vectors', {
  id: text('id').primaryKey(),
  /** Float32 little-endian bytes, base64 (see src/vector/vector-codec.ts). */
  values: text('values').notNull(),
  metadata: text('metadata', { mode: 'json' }).$type<Record<string, string | number | boolean>>().notNull(),
});

/** Small operational key/value state: kill switch level, corpus version, index generation. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});
