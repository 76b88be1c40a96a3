// The Node scripts that run app modules outside workerd (simulate-month: retention over a local SQLite file) see
// only the binding shapes those modules touch; the Workers project has the full generated types.
interface R2Bucket {
  put(key: string, value: string, options?: unknown): Promise<unknown>;
  get(key: string): Promise<{ json(): Promise<unknown> } | null>;
  delete(keys: string | string[]): Promise<void>;
  list(options?: { prefix?: string; cursor?: string }): Promise<{ objects: { key: string }[]; truncated: boolean; cursor?: string }>;
}
interface D1Database {
  prepare(query: string): unknown;
  batch(statements: unknown[]): Promise<unknown[]>;
  exec(query: string): Promise<unknown>;
}
interface KVNamespaceListKey<Metadata> {
  name: string;
  metadata?: Metadata;
}
interface KVNamespace {
  get<T = unknown>(key: string, type: 'json'): Promise<T | null>;
  put(key: string, value: string, options?: { expirationTtl?: number; metadata?: unknown }): Promise<void>;
  delete(key: string): Promise<void>;
  list<Metadata = unknown>(options?: { prefix?: string; cursor?: string }): Promise<{ keys: KVNamespaceListKey<Metadata>[]; list_complete: boolean; cursor?: string }>;
}
