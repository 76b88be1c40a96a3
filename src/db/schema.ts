/** The one source of truth for D1 tables; drizzle-kit generates migrations/ from this file. */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

/**
 * One row per model call attempt: which model, what it cost, how long it took. The redacted prompt and response
 * live in R2 (src/db/trace-bodies.ts, keyed by the trace id); the hashes tell repeated prompts apart without them.
 */
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
    /**
     * Legacy body columns: the bodies moved to R2, and these are written empty (no bytes) but kept, so the version
     * still serving during a gradual rollout can write its rows. Drop them in a later migration once none does.
     */
    prompt: text('prompt')
      .notNull()
      .$defaultFn(() => ''),
    response: text('response'),
    gatewayMetadata: text('gateway_metadata', { mode: 'json' }).$type<Record<string, string>>(),
    /** 48 bits of the SHA-256 of the redacted prompt and response (6 bytes each in SQLite). */
    promptHash: integer('prompt_hash'),
    responseHash: integer('response_hash'),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    latencyMs: real('latency_ms').notNull(),
    costUsd: real('cost_usd').notNull().default(0),
    cacheHit: integer('cache_hit', { mode: 'boolean' }).notNull().default(false),
    attempt: integer('attempt').notNull().default(1),
    error: text('error'),
    /** The AI Gateway log of this call (`env.AI.aiGatewayLogId`); null for the local provider. */
    gatewayLogId: text('gateway_log_id'),
    ...createdAt,
  },
  (t) => [
    index('traces_request_idx').on(t.requestId),
    index('traces_user_idx').on(t.userId, t.createdAt),
    index('traces_gateway_log_idx').on(t.gatewayLogId),
  ],
);

/** Tokens a person's model calls used per UTC day (`YYYY-MM-DD`), added on write so the daily budget reads one row. */
export const tokenUsage = sqliteTable(
  'token_usage',
  {
    userId: text('user_id').notNull(),
    day: text('day').notNull(),
    tokens: integer('tokens').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
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
    /** The bulk upload that created it (POST /api/documents/batch); null for single uploads. */
    batchId: text('batch_id'),
    createdBy: text('created_by').notNull(),
    ...createdAt,
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex('documents_hash_idx').on(t.contentHash), index('documents_batch_idx').on(t.batchId, t.status)],
);

export const batchStatuses = ['queued', 'running', 'done', 'failed'] as const;

/**
 * One bulk upload, ingested by one Workflow instance. Its documents carry its id; items refused before they became
 * documents (no groups, too large) are kept here with their reason so the batch accounts for every item it received.
 */
export const ingestBatches = sqliteTable('ingest_batches', {
  id: text('id').primaryKey(),
  status: text('status', { enum: batchStatuses }).notNull().default('queued'),
  /** Items received, including duplicates and refusals. */
  itemCount: integer('item_count').notNull(),
  /** Items that were already on the server (same content hash). */
  duplicateCount: integer('duplicate_count').notNull().default(0),
  refused: text('refused', { mode: 'json' }).$type<{ index: number; title: string; reason: string }[]>().notNull().default(sql`'[]'`),
  error: text('error'),
  createdBy: text('created_by').notNull(),
  ...createdAt,
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});

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

/**
 * `held`: waiting for the operator to lower the kill switch before it may generate or commit.
 * `needs_input`: the request asks for an action but leaves a required detail out; the task asks for it.
 */
export const taskStatuses = ['running', 'held', 'awaiting_review', 'committed', 'rejected', 'expired', 'failed', 'answered', 'needs_input'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** A user's request run through the propose/commit Workflow (the instance id is the task id). */
export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    /** The request with PII redacted; the raw text is never stored. */
    input: text('input').notNull(),
    status: text('status', { enum: taskStatuses }).notNull().default('running'),
    route: text('route', { enum: ['answered', 'review', 'auto', 'refused', 'needs_input'] }),
    answer: text('answer'),
    citations: text('citations', { mode: 'json' }).$type<unknown[]>(),
    /** Every document the proposal drew on (cited or only retrieved): who may see the task is decided by these. */
    sourceDocumentIds: text('source_document_ids', { mode: 'json' }).$type<string[]>(),
    proposal: text('proposal', { mode: 'json' }).$type<Record<string, unknown>>(),
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error'),
    ...createdAt,
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('tasks_user_idx').on(t.userId, t.createdAt), index('tasks_status_idx').on(t.status)],
);

/** The maker-checker record: one per task that needs a human decision. */
export const reviews = sqliteTable(
  'reviews',
  {
    taskId: text('task_id')
      .primaryKey()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'expired'] }).notNull().default('pending'),
    action: text('action').notNull(),
    risk: text('risk', { enum: ['low', 'medium', 'high'] }).notNull(),
    proposedParams: text('proposed_params', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    finalParams: text('final_params', { mode: 'json' }).$type<Record<string, unknown>>(),
    diff: text('diff', { mode: 'json' }).$type<{ field: string; from: unknown; to: unknown }[]>(),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    comment: text('comment'),
    ...createdAt,
  },
  (t) => [index('reviews_status_idx').on(t.status, t.createdAt)],
);

/** Idempotency ledger: one row per committed action; effects apply only while `applied` is 0. */
export const actionCommits = sqliteTable('action_commits', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  taskId: text('task_id').notNull(),
  action: text('action').notNull(),
  applied: integer('applied', { mode: 'boolean' }).notNull().default(false),
  result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
  ...createdAt,
});

/** The demo system of record (local default connector): orders, tickets and the effects actions have on them. */
export const sorOrders = sqliteTable('sor_orders', {
  id: text('id').primaryKey(),
  customerName: text('customer_name').notNull(),
  customerEmail: text('customer_email').notNull(),
  totalUsd: real('total_usd').notNull(),
  refundedUsd: real('refunded_usd').notNull().default(0),
  status: text('status').notNull(),
  placedAt: text('placed_at').notNull(),
  items: text('items', { mode: 'json' }).$type<string[]>().notNull(),
});

export const sorTickets = sqliteTable('sor_tickets', {
  id: text('id').primaryKey(),
  orderId: text('order_id'),
  subject: text('subject').notNull(),
  status: text('status').notNull(),
  priority: text('priority').notNull(),
  customerEmail: text('customer_email').notNull(),
  escalationLevel: text('escalation_level'),
});

export const sorRefunds = sqliteTable('sor_refunds', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  orderId: text('order_id').notNull(),
  amountUsd: real('amount_usd').notNull(),
  reason: text('reason').notNull(),
  ...createdAt,
});

export const sorTicketEvents = sqliteTable('sor_ticket_events', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  ticketId: text('ticket_id').notNull(),
  kind: text('kind', { enum: ['reply', 'update', 'escalation'] }).notNull(),
  body: text('body', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  ...createdAt,
});

/**
 * Retired: the answer cache moved to Workers KV (src/db/answer-cache.ts). Kept until a later migration drops it, because
 * the version serving before the move still writes it during a gradual rollout; retention purges its expired rows.
 */
export const answerCache = sqliteTable(
  'answer_cache',
  {
    key: text('key').primaryKey(),
    userId: text('user_id').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    hits: integer('hits').notNull().default(0),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    ...createdAt,
  },
  (t) => [index('answer_cache_user_idx').on(t.userId)],
);

/** One row per served /api/ask or task request: what the dashboard and alerts read. */
export const requestLog = sqliteTable(
  'request_log',
  {
    id: text('id').primaryKey(),
    userId: text('user_id'),
    kind: text('kind', { enum: ['ask', 'task'] }).notNull(),
    status: integer('status').notNull(),
    latencyMs: real('latency_ms').notNull(),
    cacheHit: integer('cache_hit', { mode: 'boolean' }).notNull().default(false),
    /** An answered ask the corpus did not support (null: not an answer, e.g. an error or retrieval-only). */
    refused: integer('refused', { mode: 'boolean' }),
    /** The Workers version that served it (`CF_VERSION_METADATA.id`), so a canary's figures stand apart. */
    versionId: text('version_id'),
    ...createdAt,
  },
  (t) => [index('request_log_time_idx').on(t.createdAt)],
);

/**
 * One row per served answer (the trace id is the request id): the redacted question, the answer and its
 * citations, so feedback can be checked against its owner and failures can be replayed as golden cases.
 */
export const answerLog = sqliteTable(
  'answer_log',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    citations: text('citations', { mode: 'json' }).$type<unknown[]>().notNull(),
    grounded: integer('grounded', { mode: 'boolean' }).notNull(),
    confidence: real('confidence').notNull(),
    /** Personal data found in the answer as served (before the stored copy was redacted): the online PII-leak check. */
    piiFindings: integer('pii_findings').notNull().default(0),
    ...createdAt,
  },
  (t) => [index('answer_log_user_idx').on(t.userId, t.createdAt), index('answer_log_time_idx').on(t.createdAt)],
);

export const feedbackReasons = ['wrong', 'incomplete', 'not-grounded', 'unsafe', 'other'] as const;

/** Thumbs up or down on an answer or a task, one per person and subject; changing it updates the row. */
export const feedback = sqliteTable(
  'feedback',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    subjectType: text('subject_type', { enum: ['answer', 'task'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    rating: text('rating', { enum: ['up', 'down'] }).notNull(),
    reason: text('reason', { enum: feedbackReasons }),
    /** PII-redacted before it is stored. */
    comment: text('comment'),
    ...createdAt,
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex('feedback_subject_user_idx').on(t.subjectType, t.subjectId, t.userId), index('feedback_time_idx').on(t.rating, t.updatedAt)],
);

/** A failure an operator turned into a proposed golden case; `npm run golden:pull` writes the accepted ones to golden/. */
export const goldenCandidates = sqliteTable(
  'golden_candidates',
  {
    id: text('id').primaryKey(),
    /** What the candidate came from: `answer:<traceId>` or `task:<taskId>`; one candidate per source. */
    source: text('source').notNull().unique(),
    status: text('status', { enum: ['draft', 'accepted', 'rejected'] }).notNull().default('draft'),
    /** The case in golden/SCHEMA.md's shape, without id and version (golden:pull assigns them). */
    goldenCase: text('golden_case', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** The documents the failing answer or task drew on: only operators who may read them all see the case. */
    sourceDocumentIds: text('source_document_ids', { mode: 'json' }).$type<string[]>().notNull(),
    createdBy: text('created_by').notNull(),
    ...createdAt,
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('golden_candidates_status_idx').on(t.status, t.updatedAt)],
);

/** Online evals: one row per UTC day, scored by the cron on a sample of that day's live answers (no reference needed). */
export const onlineEvalDaily = sqliteTable('online_eval_daily', {
  day: text('day').primaryKey(),
  answers: integer('answers').notNull(),
  sampled: integer('sampled').notNull(),
  /** Share of the sampled answers' claims supported by the passages they cite (refusals excluded); null without answers. */
  claimSupport: real('claim_support'),
  citationValidity: real('citation_validity'),
  refusalRate: real('refusal_rate'),
  piiLeakRate: real('pii_leak_rate'),
  latencyP95Ms: real('latency_p95_ms'),
  costPerAnswerUsd: real('cost_per_answer_usd'),
  computedAt: integer('computed_at', { mode: 'timestamp_ms' }).notNull(),
});

/** The workflow's one business KPI, as the operator recorded it (a single row, id `kpi`). */
export const kpiContract = sqliteTable('kpi_contract', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  unit: text('unit').notNull(),
  /** `manual`: an operator enters the weekly value; `committed-tasks`: tasks committed in the week, counted by the service. */
  measurement: text('measurement', { enum: ['manual', 'committed-tasks'] }).notNull(),
  howMeasured: text('how_measured').notNull(),
  direction: text('direction', { enum: ['higher-is-better', 'lower-is-better'] }).notNull(),
  baseline: real('baseline').notNull(),
  goLive: real('go_live').notNull(),
  kill: real('kill').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Weekly KPI values entered by an operator; `week` is the Monday (UTC) that starts it. */
export const kpiValues = sqliteTable('kpi_values', {
  week: text('week').primaryKey(),
  value: real('value').notNull(),
  recordedBy: text('recorded_by').notNull(),
  recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }).notNull(),
});
