/**
 * Deterministic fuzz test of every HTTP endpoint: >10,000 seeded, invalid requests (malformed JSON, wrong types,
 * huge and deeply nested bodies, invalid UTF-8, control characters, path traversal, wrong content types, broken
 * multipart, oversized and zip-bomb uploads, unknown methods) as each demo user, with bad credentials and anonymously.
 *
 * Every request is built to be rejected (or to be a harmless read): a mirror of each route's validation drops any
 * generated request the app could accept as a state change, so "rejected requests change nothing" stays testable.
 * Asserts: no 5xx, every API 4xx is a JSON `{ error: { code, message, details? } }`, no unsafe request succeeds,
 * and D1 (every table, row for row) and R2 are unchanged. POSTs to rate-limited routes are budgeted per user so
 * they reach validation rather than a 429. Run alone: `npx vitest run test/integration/fuzz.test.ts`.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO_USERS } from '../../src/auth/demo-users';
import { assertUsableText } from '../../src/rag/text-quality';
import { prng } from '../../scripts/lib/synthetic-text';
import { BASE } from './helpers';
import { killSwitchSchema } from '../../src/routes/admin';
import { askSchema } from '../../src/routes/ask';
import { groupsSchema, jsonUpload } from '../../src/routes/documents';
import { searchQuery as searchRouteQuery } from '../../src/routes/search';
import { createTaskSchema } from '../../src/routes/tasks';
import { kpiContractSchema } from '../../src/usecases/kpi';

// ───────────────────────────── deterministic randomness ─────────────────────────────

const SEED = 0x5eed_f022;
const REQUEST_COUNT = 10_200;
const CONCURRENCY = 100;
const PER_REQUEST_TIMEOUT_MS = 30_000;
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024; // wrangler.toml MAX_UPLOAD_BYTES
const RATE_LIMITED_PATHS = new Set(['/api/ask', '/api/tasks', '/api/documents']);
const RATE_BUDGET_PER_USER = 900; // wrangler.toml USER_RATE_LIMITER: 1000 per 60 s in local mode

type Rng = () => number;


const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;

function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of entries) {
    r -= w;
    if (r < 0) return v;
  }
  return entries.at(-1)![0];
}

function randomBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rng() * 256);
  return out;
}

function concat(...parts: (string | Uint8Array)[]): Uint8Array {
  const enc = new TextEncoder();
  const bufs = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const out = new Uint8Array(bufs.reduce((s, b) => s + b.byteLength, 0));
  let o = 0;
  for (const b of bufs) {
    out.set(b, o);
    o += b.byteLength;
  }
  return out;
}

// ───────────────────────────── value pools ─────────────────────────────

const TRAVERSAL = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%252e%252e%252fetc%252fpasswd',
  '....//....//etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\System32\\drivers\\etc\\hosts',
  '..%c0%af..%c0%afetc%c0%afpasswd',
  'file:///etc/passwd',
];

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u001b', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\ufeff', '\ufffe', '\uffff', '\ud800', '\udfff'];

const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n\r ',
  '\u00a0\u2003\u3000',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(64),
  '\u0001\u0002\u0003\u001f\u007f',
  '\ud800',
  'x\udfffx',
  '💥🔥\u200d',
  '\u202eevil',
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '%s%s%s%n',
  '\r\nSet-Cookie: x=1',
  ...TRAVERSAL,
];

/** JSON values of the wrong type where a string is expected. */
const WRONG_TYPES: readonly unknown[] = [0, -1, 1.5, 1e308, -0, true, false, null, [], ['a'], [null], {}, { a: 1 }, { toString: 'x' }, [[[]]], { __proto__: { polluted: true } }];

/** Raw, mostly malformed JSON texts. */
const MALFORMED_JSON = [
  '',
  ' ',
  '{',
  '}',
  '[',
  '{"',
  '{"a":',
  '{"a":1,}',
  "{'a': 'b'}",
  '{a: 1}',
  'nul',
  'undefined',
  'NaN',
  'Infinity',
  '-',
  '[1,2',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"unterminated}',
  '{"a":1}{"b":2}',
  '\u0000',
  '\ufeff{}',
  '<?xml version="1.0"?><a/>',
  'question=hello',
  '--boundary\r\n',
  '{"a":1e999999}',
  '[' + '1,'.repeat(1000),
];

/** Byte sequences that are never valid UTF-8. */
const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

function invalidUtf8(rng: Rng, len: number): Uint8Array {
  const out: number[] = [0xff];
  while (out.length < len) {
    if (chance(rng, 0.5)) out.push(...pick(rng, INVALID_UTF8));
    else out.push(int(rng, 0x20, 0x7e));
  }
  return new Uint8Array(out);
}

/** encodeURIComponent that never throws: a lone surrogate becomes the (invalid UTF-8) bytes %ED%A0%80. */
function pct(s: string): string {
  return s.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^]/g, (ch) => (ch.length === 1 && ch >= '\ud800' && ch <= '\udfff' ? '%ED%A0%80' : encodeURIComponent(ch)));
}

function nastyString(rng: Rng): string {
  const kind = int(rng, 0, 4);
  if (kind === 0) return pick(rng, NASTY_STRINGS);
  if (kind === 1) return Array.from({ length: int(rng, 1, 40) }, () => pick(rng, CONTROL)).join('');
  if (kind === 2) return `ok${pick(rng, CONTROL)}${pick(rng, TRAVERSAL)}${pick(rng, CONTROL)}`;
  if (kind === 3) return String.fromCharCode(...Array.from({ length: int(rng, 1, 60) }, () => int(rng, 0, 0xffff)));
  return pick(rng, NASTY_STRINGS) + pick(rng, CONTROL) + pick(rng, NASTY_STRINGS);
}

/** Strings with no letters at all (digits, punctuation, controls): never usable document text. */
function letterless(rng: Rng, len: number): string {
  const pool = '0123456789 .,:-+=*/\\|!?()[]{}<>_~^\t\n\u0000\u0001\u001f';
  return Array.from({ length: len }, () => pool[int(rng, 0, pool.length - 1)]).join('');
}

const DEPTH = 10_000;
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
const deepUnclosed = '['.repeat(DEPTH);
const deepMixed = '{"a":['.repeat(DEPTH / 2) + 'null' + ']}'.repeat(DEPTH / 2);
const DEEP = [deepArray, deepObject, deepUnclosed, deepMixed];

let hugeCache: string | undefined;
/** A 2 MiB string, built once. */
const huge = () => (hugeCache ??= 'A'.repeat(2 * 1024 * 1024));

// ───────────────────────────── each route's own validation (safety net) ─────────────────────────────
// The schemas the routes validate with: a generated request that these accept would be a valid state change
// (or a model call) and is dropped, so the fuzz only ever sends requests the app must reject.

const taskSchema = createTaskSchema;
const docJsonSchema = jsonUpload;
const killSchema = killSwitchSchema;
const searchSchema = searchRouteQuery;
const kpiContractCopy = kpiContractSchema;
const DEMO_IDS = new Set(DEMO_USERS.map((u) => u.id));

function usableText(text: string): boolean {
  try {
    assertUsableText(text);
    return true;
  } catch {
    return false;
  }
}

function bodyText(body: BodyInit | undefined): string | undefined {
  if (body === undefined) return '';
  if (typeof body === 'string') return body.replace(/^\ufeff/, '');
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return undefined; // FormData etc.: never parses as JSON
}

function parsedJson(body: BodyInit | undefined): unknown {
  const text = bodyText(body);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Multipart upload description, mirrored against src/routes/documents.ts readUpload + acceptUpload. */
interface UploadSpec {
  file?: { name: string; bytes: Uint8Array; type?: string } | { stringValue: string };
  fields: [string, string][];
}

function uploadCouldBeAccepted(u: UploadSpec): boolean {
  if (!u.file || 'stringValue' in u.file) return false;
  const field = (k: string) => u.fields.find(([n]) => n === k)?.[1];
  const title = field('title');
  const source = field('source');
  const groups = field('groups');
  if (title !== undefined && (title.trim().length < 1 || title.trim().length > 300)) return false;
  if (source !== undefined && source.length > 500) return false;
  if (groups) {
    const list = groups.split(',').map((x) => x.trim()).filter(Boolean);
    if (!groupsSchema.safeParse(list).success) return false;
  }
  const bytes = u.file.bytes;
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return false;
  // Unusable content for every media type (not %PDF-, not UTF-8) is rejected whatever name the server parses.
  const startsPdf = new TextDecoder().decode(bytes.subarray(0, 5)) === '%PDF-';
  let utf8: string | undefined;
  try {
    utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    utf8 = undefined;
  }
  if (!startsPdf && (utf8 === undefined || !usableText(utf8.replace(/&/g, 'x')))) return false;
  const fileName = u.file.name.split(/[\\/]/).pop() || 'upload';
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (!['md', 'txt', 'html', 'pdf', 'markdown', 'htm', 'text'].includes(ext)) {
    // The server may parse an odd name differently from ours (escaping): stay conservative only for plain names.
    return /[^\x20-\x7e]|["%]/.test(u.file.name);
  }
  return true;
}

// ───────────────────────────── request specs ─────────────────────────────

type Who = 'anon' | 'alice' | 'rita' | 'ravi' | 'oscar' | 'badauth';

interface Spec {
  n: number;
  /** The endpoint this exercises, e.g. "POST /api/documents (multipart)". */
  endpoint: string;
  /** What was fuzzed, for the failure report. */
  kind: string;
  method: string;
  path: string;
  who: Who;
  headers: [string, string][];
  body?: BodyInit | (() => BodyInit);
  /** Set for multipart uploads built from FormData. */
  upload?: UploadSpec;
  /** Page route (HTML allowed for 4xx on GET). */
  page?: boolean;
}

const BAD_AUTH = [
  'Bearer demo-mallory',
  'Bearer ',
  'Bearer',
  'Basic ZGVtbzpkZW1v',
  'Bearer demo-alice demo-oscar',
  'Bearer DEMO-OSCAR',
  'Bearer demo-',
  `Bearer ${'A'.repeat(8192)}`,
  'Bearer ../../etc/passwd',
  'Bearer %00',
  'Bearer \u0001demo-oscar',
  'Bearer demo-oscar\u007f',
  'Token demo-oscar',
  'Bearer demo-oscar, Bearer demo-alice',
  'Bearer ' + "' OR 1=1 --",
];

const COOKIES = [
  'session=garbage',
  'session=',
  'session=%E0%A4%A',
  'session=a.b',
  'session=eyJ1aWQiOiJvc2NhciJ9.AAAA',
  'session="unterminated',
  `session=${'x'.repeat(4096)}.${'y'.repeat(44)}`,
  'session=%00%00; session=%ff',
  'CF_Authorization=not.a.jwt',
  '=; ; ;=;',
  'session={"uid":"oscar","exp":99999999999999}.c2ln',
];

function whoHeaders(rng: Rng, who: Who): [string, string][] {
  const h: [string, string][] = [];
  if (who === 'badauth') h.push(['Authorization', pick(rng, BAD_AUTH)]);
  else if (who !== 'anon') {
    const prefix = pick(rng, ['Bearer ', 'Bearer ', 'Bearer ', 'bearer ', 'BEARER  ', 'Bearer\t']);
    h.push(['Authorization', `${prefix}demo-${who}`]);
  }
  if (chance(rng, 0.08)) h.push(['Cookie', pick(rng, COOKIES)]);
  if (chance(rng, 0.03)) h.push(['Cf-Access-Jwt-Assertion', pick(rng, ['x', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.'])]);
  if (chance(rng, 0.05)) h.push(['Accept', pick(rng, ['text/event-stream', 'text/html', '*/*', 'application/xml', '\u0001'])]);
  // Spread the per-IP rate limit key, and fuzz the header itself.
  if (chance(rng, 0.5)) h.push(['CF-Connecting-IP', chance(rng, 0.9) ? `10.${int(rng, 0, 255)}.${int(rng, 0, 255)}.${int(rng, 1, 254)}` : pick(rng, ['', '::1', '999.999.999.999', '../../etc', "' OR 1=1"])]);
  return h;
}

function pickWho(rng: Rng, favour?: Who[]): Who {
  if (favour && chance(rng, 0.7)) return pick(rng, favour);
  return weighted<Who>(rng, [
    ['anon', 10],
    ['badauth', 8],
    ['alice', 18],
    ['rita', 18],
    ['ravi', 16],
    ['oscar', 30],
  ]);
}

const CONTENT_TYPES_WRONG = ['text/plain', 'application/xml', 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/octet-stream', 'application/jsonp', 'json', '', '*/*', 'application/json; charset=utf-16', 'image/png'];

/** A path segment that is not a real id: traversal, controls, NUL, encoding tricks, huge. */
function weirdId(rng: Rng): string {
  const k = int(rng, 0, 9);
  if (k === 0) return pick(rng, TRAVERSAL);
  if (k === 1) return pct(pick(rng, TRAVERSAL));
  if (k === 2) return pct(nastyString(rng));
  if (k === 3) return pick(rng, ['%00', 'doc_%00', '%0d%0a', '%', '%%', '%ZZ', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%2e%2e', '.%2e', '%2f', '%5c', '%u0000', '%F0%9F%92%A5', '%FF%FE']);
  if (k === 4) return pick(rng, ['doc_', 'task_', 'trace_', '']) + Array.from({ length: 16 }, () => '0123456789abcdef'[int(rng, 0, 15)]).join('');
  if (k === 5) return 'x'.repeat(pick(rng, [256, 4096, 65_536]));
  if (k === 6) return pick(rng, ['0', '-1', '1e309', 'NaN', 'null', 'undefined', '__proto__', 'constructor', 'prototype', 'true', '[]', '{}']);
  if (k === 7) return nastyString(rng).replace(/[/?#]/g, '_'); // raw characters, URL-encoded by the URL parser
  if (k === 8) return pct("' OR '1'='1' --") + pick(rng, ['', ';', '%3B%20DELETE%20FROM%20documents']);
  return `${pick(rng, ['doc_', 'task_'])}${pct(pick(rng, CONTROL))}${pick(rng, ['', '/..', '/../..'])}`;
}

/** Junk query parameters (never `q`/`topK`/`limit`/`status`, which the callers control). */
function junkQuery(rng: Rng): string {
  const parts: string[] = [];
  for (let i = int(rng, 0, 4); i > 0; i--) {
    parts.push(
      pick(rng, [
        'a=1',
        '&&&',
        '=',
        '%ZZ=%E0%A4%A',
        `x=${pct(nastyString(rng))}`,
        '__proto__[admin]=1',
        'constructor.prototype.admin=1',
        `${pct(pick(rng, TRAVERSAL))}=1`,
        'foo[]=1&foo[]=2',
        '%00=%00',
      ]),
    );
  }
  return parts.join('&');
}

function withQuery(path: string, ...qs: string[]): string {
  const q = qs.filter(Boolean).join('&');
  return q ? `${path}?${q}` : path;
}

/** Random query string of `bytes` length (very long query strings). */
function longQuery(rng: Rng, bytes: number, key = 'q'): string {
  return `${key}=${pick(rng, ['a', '%41', '%00', '%ff', '..%2f'])}`.padEnd(bytes, pick(rng, ['a', 'Z', '%41', '%00']));
}

// ── JSON body generators per route: every body produced is invalid for its schema (checked by the mirrors) ──

function jsonOf(rng: Rng, value: unknown): string {
  const s = JSON.stringify(value) ?? 'null';
  return chance(rng, 0.1) ? `  \n${s}\n  ` : s;
}

/** Replaces one field's value by something invalid, or drops it, or adds junk. */
function mutateObject(rng: Rng, base: Record<string, unknown>, invalidFor: Record<string, () => unknown>): unknown {
  const obj: Record<string, unknown> = { ...base };
  const keys = Object.keys(invalidFor);
  const mode = int(rng, 0, 6);
  if (mode === 0) delete obj[pick(rng, keys)];
  else if (mode === 1) obj[pick(rng, keys)] = pick(rng, WRONG_TYPES);
  else if (mode === 2) {
    const k = pick(rng, keys);
    obj[k] = invalidFor[k]!();
  } else if (mode === 3) return pick(rng, WRONG_TYPES); // top level not an object
  else if (mode === 4) {
    for (const k of keys) if (chance(rng, 0.6)) obj[k] = invalidFor[k]!();
  } else {
    const k = pick(rng, keys);
    obj[k] = invalidFor[k]!();
  }
  // extra fields, sometimes many, sometimes prototype tricks
  if (chance(rng, 0.5)) {
    obj[pick(rng, ['extra', 'role', 'userId', 'isAdmin', 'id', 'status', nastyString(rng)])] = pick(rng, [...WRONG_TYPES, nastyString(rng)]);
  }
  if (chance(rng, 0.05)) for (let i = 0; i < 500; i++) obj[`k${i}`] = i;
  return obj;
}

/** A raw body for a JSON endpoint: malformed, deep, invalid UTF-8, or a mutated object. */
function jsonishBody(rng: Rng, value: () => unknown): { kind: string; body: BodyInit | (() => BodyInit) } {
  const k = int(rng, 0, 19);
  if (k === 0 || k === 1) return { kind: 'malformed-json', body: pick(rng, MALFORMED_JSON) };
  if (k === 2) return { kind: 'deep-json', body: pick(rng, DEEP) };
  if (k === 3) return { kind: 'invalid-utf8', body: invalidUtf8(rng, int(rng, 1, 200)) };
  if (k === 4) {
    const text = jsonOf(rng, value());
    const cut = int(rng, 0, Math.max(0, text.length - 1));
    return { kind: 'invalid-utf8-in-json', body: concat(text.slice(0, cut), new Uint8Array(pick(rng, INVALID_UTF8)), text.slice(cut)) };
  }
  if (k === 5) return { kind: 'truncated-json', body: jsonOf(rng, value()).slice(0, -int(rng, 1, 5)) };
  return { kind: 'wrong-fields', body: jsonOf(rng, value()) };
}

function askValue(rng: Rng): unknown {
  const validQ = pick(rng, ['What is the refund window?', 'hello', nastyString(rng) || 'x']);
  return mutateObject(rng, { question: validQ, ...(chance(rng, 0.3) ? { topK: int(rng, 1, 20) } : {}) }, {
    question: () => pick(rng, ['', '   ', '\t\n', '\u00a0\u3000', 'q'.repeat(2001), `${'x'.repeat(1000)}${'\u0000'.repeat(1001)}`, ...WRONG_TYPES]),
    topK: () => pick(rng, [0, -1, 21, 1.5, 1e308, '5', null, [], {}, true, Number.MAX_SAFE_INTEGER + 2]),
  });
}

function taskValue(rng: Rng): unknown {
  return mutateObject(rng, { input: 'Refund order 1001' }, {
    input: () => pick(rng, ['', '    ', '\n\t', 'i'.repeat(4001), `${nastyString(rng)}${'\u0000'.repeat(4001)}`, ...WRONG_TYPES]),
  });
}

function docJsonValue(rng: Rng): unknown {
  return mutateObject(rng, { title: 'Fuzz', text: 'Some perfectly readable text about refunds.' }, {
    title: () => pick(rng, ['', '   ', 't'.repeat(301), ...WRONG_TYPES]),
    text: () => pick(rng, ['', letterless(rng, int(rng, 1, 300)), '\u0000'.repeat(50), '   \n\t  ', '\ud800\udfff'.repeat(3), ...WRONG_TYPES]),
    source: () => pick(rng, ['s'.repeat(501), ...WRONG_TYPES.filter((v) => typeof v !== 'string')]),
    groups: () =>
      pick(rng, [
        'support',
        ['../etc'],
        ['a b'],
        ['g'.repeat(65)],
        Array.from({ length: 21 }, (_, i) => `g${i}`),
        [1],
        [null],
        [''],
        ['sup\u0000port'],
        ['%2e%2e'],
        { 0: 'support' },
        null,
      ]),
  });
}

function killValue(rng: Rng): unknown {
  return mutateObject(rng, { level: pick(rng, ['full', 'off', 'read-only', 'retrieval-only']), reason: 'fuzz' }, {
    level: () => pick(rng, ['FULL', 'on', '', ' full', 'full\u0000', 'read_only', ...WRONG_TYPES]),
    reason: () => pick(rng, ['r'.repeat(501), ...WRONG_TYPES.filter((v) => typeof v !== 'string')]),
  });
}

function decisionValue(rng: Rng): unknown {
  // Decision bodies may be valid: the task ids never exist, so the request is still refused (404).
  return mutateObject(rng, { decision: pick(rng, ['approve', 'reject']), comment: 'fuzz' }, {
    decision: () => pick(rng, ['APPROVE', 'approved', 'yes', '', 'approve\u0000', ...WRONG_TYPES]),
    params: () => pick(rng, [[], 'x', 1, null, { amountUsd: -1e308 }, { orderId: '../../etc/passwd', amountUsd: 1e308 }, { ticketId: '\u0000', status: ['x'] }]),
    comment: () => pick(rng, ['c'.repeat(2001), ...WRONG_TYPES.filter((v) => typeof v !== 'string')]),
  });
}

function feedbackValue(rng: Rng): unknown {
  // Valid bodies name answers and tasks that never exist, so they are still refused (404).
  return mutateObject(rng, { traceId: 'trace_missing', rating: 'down', reason: 'wrong', comment: 'fuzz' }, {
    traceId: () => pick(rng, ['', 't'.repeat(129), ...WRONG_TYPES.filter((v) => typeof v !== 'string')]),
    taskId: () => pick(rng, ['task_missing', '', ...WRONG_TYPES]),
    rating: () => pick(rng, ['UP', 'meh', '', 'down\u0000', ...WRONG_TYPES]),
    reason: () => pick(rng, ['boring', 'WRONG', '', ...WRONG_TYPES]),
    comment: () => pick(rng, ['c'.repeat(2001), ...WRONG_TYPES.filter((v) => typeof v !== 'string')]),
  });
}

function promoteValue(rng: Rng): unknown {
  return mutateObject(rng, { source: 'answer:missing' }, {
    source: () => pick(rng, ['', 'answer:', 'user:alice', 'task:../../etc/passwd', `answer:${'x'.repeat(200)}`, pct(nastyString(rng)), ...WRONG_TYPES]),
  });
}

function candidateValue(rng: Rng): unknown {
  // Candidate ids never exist, so even a valid edit is refused (404).
  const goldenCase = { tags: ['edge'], user: 'alice', kind: 'ask', input: 'q', expect: { route: 'refused', documents: [], facts: [] } };
  return mutateObject(rng, { status: 'accepted', case: goldenCase }, {
    status: () => pick(rng, ['ACCEPTED', 'pulled', '', ...WRONG_TYPES]),
    case: () => pick(rng, [{ ...goldenCase, user: 'mallory' }, { ...goldenCase, tags: [] }, { ...goldenCase, expect: { route: 'maybe' } }, { ...goldenCase, input: '' }, ...WRONG_TYPES]),
  });
}

function kpiContractValue(rng: Rng): unknown {
  const base = { name: 'KPI', unit: 'x', measurement: 'manual', howMeasured: 'by hand', direction: 'higher-is-better', baseline: 1, goLive: 2, kill: 0 };
  return mutateObject(rng, base, {
    name: () => pick(rng, ['', 'n'.repeat(121), ...WRONG_TYPES]),
    measurement: () => pick(rng, ['auto', '', ...WRONG_TYPES]),
    direction: () => pick(rng, ['up', '', ...WRONG_TYPES]),
    goLive: () => pick(rng, ['2', -1, Number.NaN, ...WRONG_TYPES]),
    kill: () => pick(rng, [5, '0', ...WRONG_TYPES]),
  });
}

function kpiValueValue(rng: Rng): unknown {
  // No contract is ever recorded here, so even a valid value is refused (400).
  return mutateObject(rng, { week: '2026-11-23', value: 5 }, {
    week: () => pick(rng, ['2026-13-01', 'last week', '', '2026-11-23T00:00:00Z', ...WRONG_TYPES]),
    value: () => pick(rng, ['5', Number.POSITIVE_INFINITY, ...WRONG_TYPES]),
  });
}

// ───────────────────────────── generators, one per endpoint ─────────────────────────────

type Gen = (rng: Rng, n: number) => Omit<Spec, 'n' | 'endpoint'>;

const jsonCt = (rng: Rng): [string, string][] =>
  chance(rng, 0.8) ? [['Content-Type', pick(rng, ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'])]] : [['Content-Type', pick(rng, CONTENT_TYPES_WRONG)]];

function csrf(rng: Rng): [string, string][] {
  if (!chance(rng, 0.05)) return [];
  return pick(rng, [[['Origin', 'https://evil.test']], [['Origin', 'null']], [['Sec-Fetch-Site', 'cross-site']], [['Origin', 'https://app.test.evil.test'], ['Sec-Fetch-Site', 'same-site']]] as [string, string][][]);
}

function jsonPost(path: string, value: (rng: Rng) => unknown, favour?: Who[]): Gen {
  return (rng) => {
    const who = pickWho(rng, favour);
    const { kind, body } = jsonishBody(rng, () => value(rng));
    const headers = [...whoHeaders(rng, who), ...csrf(rng)];
    // Missing Content-Type: a Uint8Array body carries none.
    if (chance(rng, 0.1)) return { kind: `${kind}+no-content-type`, method: 'POST', path, who, headers, body: typeof body === 'string' ? new TextEncoder().encode(body) : body };
    return { kind, method: 'POST', path, who, headers: [...headers, ...jsonCt(rng)], body };
  };
}

const SEARCH_TOPK_BAD = ['0', '-1', '51', '1.5', 'abc', '', '1e3', 'Infinity', '-Infinity', 'NaN', '%00', '99999999999999999999', '5abc', '[]', 'true'];

function searchQuery(rng: Rng): string {
  const k = int(rng, 0, 6);
  if (k === 0) return junkQuery(rng); // no q
  if (k === 1) return withQuery('', `q=${pick(rng, ['', '%20%20', '%09%0A', '+', '%C2%A0', '%E3%80%80'])}`, junkQuery(rng)).slice(1);
  if (k === 2) return `q=${'a'.repeat(2001)}`;
  if (k === 3) return longQuery(rng, pick(rng, [8192, 65_536, 262_144]));
  // a plausible q with an invalid topK
  const q = pick(rng, ['refund', pct(nastyString(rng)) || 'x', '%00', pct(pick(rng, TRAVERSAL)), '%ff%fe', "%27%20OR%201%3D1"]);
  return `q=${q}&topK=${pct(pick(rng, SEARCH_TOPK_BAD))}${chance(rng, 0.3) ? `&${junkQuery(rng)}` : ''}`;
}

function searchCouldRun(path: string): boolean {
  const url = new URL(`${BASE}${path}`);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
  return searchSchema.safeParse(query).success;
}

function signInBody(rng: Rng): { kind: string; headers: [string, string][]; body?: BodyInit | (() => BodyInit) } {
  const badUser = pick(rng, [
    'mallory',
    'ALICE',
    ' oscar',
    'oscar ',
    'oscar\u0000',
    'rita%00',
    '',
    '../../etc/passwd',
    "' OR 1=1 --",
    'demo-oscar',
    'o'.repeat(10_000),
    '__proto__',
    nastyString(rng),
  ]);
  const k = int(rng, 0, 9);
  if (k === 0) return { kind: 'form-unknown-user', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: `user=${pct(badUser)}` };
  if (k === 1) return { kind: 'form-missing-user', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: pick(rng, ['', 'name=alice', 'users=oscar', '&&&', '%ZZ=%ZZ', 'user']) };
  if (k === 2) {
    const form = new FormData();
    form.append('user', badUser);
    if (chance(rng, 0.3)) form.append('extra', nastyString(rng));
    return { kind: 'multipart-unknown-user', headers: [], body: form };
  }
  if (k === 3) {
    const form = new FormData();
    form.append('user', new File([new TextEncoder().encode('oscar')], 'user.txt'));
    return { kind: 'multipart-user-as-file', headers: [], body: form };
  }
  if (k === 4) return { kind: 'json-body', headers: [['Content-Type', 'application/json']], body: JSON.stringify({ user: badUser }) };
  if (k === 5) return { kind: 'wrong-content-type', headers: [['Content-Type', pick(rng, ['text/plain', 'application/xml', 'image/png'])]], body: `user=${pct(badUser)}` };
  if (k === 6) return { kind: 'no-body-no-type', headers: [] };
  if (k === 7) return { kind: 'invalid-utf8-form', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: concat('user=', invalidUtf8(rng, 20)) };
  if (k === 8) return { kind: 'broken-multipart', headers: [['Content-Type', pick(rng, ['multipart/form-data', 'multipart/form-data; boundary=XYZ'])]], body: `--ABC\r\nContent-Disposition: form-data; name="user"\r\n\r\n${badUser}` };
  return { kind: 'huge-form', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: () => `user=${huge()}` };
}

function signInCouldSucceed(body: BodyInit | undefined): boolean {
  if (body instanceof FormData) return body.getAll('user').some((v) => typeof v === 'string' && DEMO_IDS.has(v));
  const text = bodyText(body);
  if (text === undefined) return false;
  return new URLSearchParams(text).getAll('user').some((v) => DEMO_IDS.has(v));
}

// ── multipart uploads ──

let zipBombPdf: Uint8Array = new Uint8Array();
let zipBombZip: Uint8Array = new Uint8Array();

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A valid-looking PDF whose single content stream inflates from ~16 KiB to 16 MiB of zeros. */
async function buildZipBombs(): Promise<void> {
  const inflated = new Uint8Array(16 * 1024 * 1024);
  const stream = await deflate(inflated);
  zipBombPdf = concat(
    '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n',
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n',
    `4 0 obj\n<< /Length ${stream.byteLength} /Filter /FlateDecode >>\nstream\n`,
    stream,
    '\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  );
  // A minimal "zip" header followed by the same deflate stream.
  zipBombZip = concat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xff]), stream);
}

const BAD_EXT_NAMES = ['payload.exe', 'doc.docx', 'archive.zip', 'data.json', 'sheet.csv', 'image.svg', 'noext', 'trailing.', '.txt ', 'x.txt.exe', 'x.pdf.zip', 'script.js', 'x.php', 'x.html5', 'x.tx', 'x.mdx', 'x.%74xt'];

/** A file content that no media type accepts (never %PDF-, never usable UTF-8 text). */
function unusableContent(rng: Rng): { kind: string; bytes: Uint8Array } {
  const k = int(rng, 0, 6);
  if (k === 0) return { kind: 'empty-file', bytes: new Uint8Array() };
  if (k === 1) return { kind: 'whitespace-file', bytes: new TextEncoder().encode(' \n\t\r\n '.repeat(int(rng, 1, 50))) };
  if (k === 2) return { kind: 'invalid-utf8-file', bytes: invalidUtf8(rng, int(rng, 1, 2000)) };
  if (k === 3) return { kind: 'letterless-file', bytes: new TextEncoder().encode(letterless(rng, int(rng, 1, 3000))) };
  if (k === 4) return { kind: 'nul-file', bytes: new Uint8Array(int(rng, 1, 4096)) };
  if (k === 5) return { kind: 'zip-bomb-zip', bytes: zipBombZip };
  return { kind: 'random-bytes-file', bytes: concat(new Uint8Array([0xff]), randomBytes(rng, int(rng, 1, 4096))) };
}

function traversalName(rng: Rng, ext: string): string {
  const name = `${pick(rng, TRAVERSAL)}${pick(rng, ['', '\u0000', '/', '\\', '%00', '\r\n'])}${ext}`;
  return /[\\/]$/.test(name) ? `${name}x` : name; // workerd refuses file names ending in a backslash
}

function invalidFields(rng: Rng): [string, string][] {
  return [
    pick(rng, [
      ['title', ''],
      ['title', '   '],
      ['title', 't'.repeat(301)],
      ['source', 's'.repeat(501)],
      ['groups', '../etc'],
      ['groups', 'a b,c'],
      ['groups', 'g'.repeat(65)],
      ['groups', Array.from({ length: 21 }, (_, i) => `g${i}`).join(',')],
      ['groups', 'sup\u0000port'],
      ['groups', '%2e%2e%2f'],
    ] as [string, string][]),
  ];
}

function uploadSpec(rng: Rng): { kind: string; upload: UploadSpec } {
  const k = int(rng, 0, 12);
  const extraFields: [string, string][] = chance(rng, 0.3) ? [[pick(rng, ['title', 'source', 'extra', 'role']), nastyString(rng)]] : [];
  if (k === 0) return { kind: 'no-file-field', upload: { fields: [['title', 'No file'], ...extraFields] } };
  if (k === 1) return { kind: 'file-as-string', upload: { file: { stringValue: nastyString(rng) }, fields: extraFields } };
  if (k === 2) {
    const c = unusableContent(rng);
    return { kind: `${c.kind}+supported-ext`, upload: { file: { name: pick(rng, ['a.txt', 'a.md', 'a.html', 'a.pdf', 'a.markdown', 'a.htm', 'a.text', 'A.TXT']), bytes: c.bytes }, fields: extraFields } };
  }
  if (k === 3) {
    const c = unusableContent(rng);
    return { kind: `${c.kind}+traversal-name`, upload: { file: { name: traversalName(rng, pick(rng, ['.txt', '.md', '.pdf', '', '.exe'])), bytes: c.bytes }, fields: extraFields } };
  }
  if (k === 4) {
    const text = new TextEncoder().encode('Readable refund policy text for a traversal named file.');
    return { kind: 'readable+traversal-no-ext', upload: { file: { name: traversalName(rng, ''), bytes: text }, fields: extraFields } };
  }
  if (k === 5) {
    const text = new TextEncoder().encode('Readable refund policy text with an unsupported extension.');
    return { kind: 'unsupported-ext', upload: { file: { name: pick(rng, BAD_EXT_NAMES), bytes: text, type: pick(rng, ['text/plain', 'application/pdf', 'application/x-msdownload']) }, fields: extraFields } };
  }
  if (k === 6) return { kind: 'zip-bomb-pdf+invalid-fields', upload: { file: { name: 'bomb.pdf', bytes: zipBombPdf, type: 'application/pdf' }, fields: invalidFields(rng) } };
  if (k === 7) return { kind: 'zip-bomb-pdf+bad-ext', upload: { file: { name: pick(rng, ['bomb.pdf.zip', 'bomb.zip', 'bomb']), bytes: zipBombPdf }, fields: [] } };
  if (k === 8) {
    const bytes = concat('%PDF-', randomBytes(rng, int(rng, 0, 8192)));
    return { kind: 'random-pdf+invalid-fields', upload: { file: { name: 'random.pdf', bytes }, fields: invalidFields(rng) } };
  }
  if (k === 9) return { kind: 'not-a-pdf', upload: { file: { name: 'fake.pdf', bytes: pick(rng, [zipBombZip, new TextEncoder().encode('%PDF'), new TextEncoder().encode(' %PDF-1.4'), new TextEncoder().encode('%pdf-1.4 readable text')]) }, fields: extraFields } };
  if (k === 10) {
    const text = new TextEncoder().encode('Readable policy text that would otherwise be accepted.');
    return { kind: 'valid-file+invalid-fields', upload: { file: { name: 'ok.txt', bytes: text }, fields: invalidFields(rng) } };
  }
  if (k === 11) {
    const c = unusableContent(rng);
    return { kind: `${c.kind}+control-name`, upload: { file: { name: `${nastyString(rng)}${pick(rng, ['.txt', '.md', ''])}`, bytes: c.bytes }, fields: extraFields } };
  }
  const files = int(rng, 2, 3);
  const c = unusableContent(rng);
  return { kind: 'duplicate-fields', upload: { file: { name: 'dup.txt', bytes: c.bytes }, fields: [...Array.from({ length: files }, () => ['title', nastyString(rng)] as [string, string])] } };
}

function formFrom(u: UploadSpec): FormData {
  const form = new FormData();
  if (u.file) {
    if ('stringValue' in u.file) form.append('file', u.file.stringValue);
    else form.append('file', new File([u.file.bytes], u.file.name, u.file.type ? { type: u.file.type } : {}));
  }
  for (const [k, v] of u.fields) form.append(k, v);
  return form;
}

/** Hand-built multipart bodies: broken envelopes, invalid UTF-8 names, missing boundaries. File bytes are never usable. */
function rawMultipart(rng: Rng): { kind: string; contentType: string; body: Uint8Array } {
  const b = pick(rng, ['XyZ', '----fuzz', 'a'.repeat(70), '"quoted"', '']);
  const content = concat(new Uint8Array([0xff]), randomBytes(rng, int(rng, 0, 512)));
  const name = pick(rng, [concat('..%2f..%2f', new Uint8Array([0xc0, 0xaf]), 'x.txt'), new TextEncoder().encode('../../etc/passwd'), new TextEncoder().encode('a\u0000.txt'), new TextEncoder().encode('x.pdf'), new Uint8Array([0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74])]);
  const part = concat(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="`, name, '"\r\nContent-Type: application/octet-stream\r\n\r\n', content, '\r\n');
  const k = int(rng, 0, 7);
  const ct = `multipart/form-data; boundary=${b}`;
  if (k === 0) return { kind: 'raw-multipart-no-closing', contentType: ct, body: part };
  if (k === 1) return { kind: 'raw-multipart-ok-envelope', contentType: ct, body: concat(part, `--${b}--\r\n`) };
  if (k === 2) return { kind: 'raw-multipart-no-boundary-param', contentType: 'multipart/form-data', body: concat(part, `--${b}--\r\n`) };
  if (k === 3) return { kind: 'raw-multipart-wrong-boundary', contentType: 'multipart/form-data; boundary=nope', body: concat(part, `--${b}--\r\n`) };
  if (k === 4) return { kind: 'raw-multipart-lf-only', contentType: ct, body: new TextEncoder().encode(`--${b}\nContent-Disposition: form-data; name="file"; filename="a.txt"\n\n\u0000\u0001\n--${b}--\n`) };
  if (k === 5) return { kind: 'raw-multipart-no-disposition', contentType: ct, body: concat(`--${b}\r\n\r\n`, content, `\r\n--${b}--\r\n`) };
  if (k === 6) return { kind: 'raw-multipart-invalid-utf8-body', contentType: ct, body: invalidUtf8(rng, 300) };
  return { kind: 'raw-multipart-empty', contentType: ct, body: new Uint8Array() };
}

const ALL_ROUTES: { method: string; path: string }[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/sign-in' },
  { method: 'POST', path: '/sign-in' },
  { method: 'POST', path: '/sign-out' },
  { method: 'GET', path: '/' },
  { method: 'POST', path: '/api/ask' },
  { method: 'GET', path: '/api/search' },
  { method: 'POST', path: '/api/documents' },
  { method: 'GET', path: '/api/documents' },
  { method: 'GET', path: '/api/documents/:id' },
  { method: 'GET', path: '/api/documents/:id/text' },
  { method: 'DELETE', path: '/api/documents/:id' },
  { method: 'GET', path: '/api/traces' },
  { method: 'GET', path: '/api/traces/:id' },
  { method: 'POST', path: '/api/tasks' },
  { method: 'GET', path: '/api/tasks' },
  { method: 'GET', path: '/api/tasks/:id' },
  { method: 'GET', path: '/api/reviews' },
  { method: 'POST', path: '/api/reviews/:taskId/decision' },
  { method: 'GET', path: '/api/metrics' },
  { method: 'GET', path: '/api/metrics/series' },
  { method: 'GET', path: '/api/reviews/:taskId' },
  { method: 'POST', path: '/api/feedback' },
  { method: 'GET', path: '/api/inbox' },
  { method: 'POST', path: '/api/inbox/promote' },
  { method: 'GET', path: '/api/golden/candidates' },
  { method: 'GET', path: '/api/golden/candidates/:id' },
  { method: 'PUT', path: '/api/golden/candidates/:id' },
  { method: 'GET', path: '/api/kpi' },
  { method: 'PUT', path: '/api/kpi/contract' },
  { method: 'POST', path: '/api/kpi/values' },
  { method: 'GET', path: '/api/admin/kill-switch' },
  { method: 'POST', path: '/api/admin/kill-switch' },
  { method: 'POST', path: '/api/admin/retention/run' },
  { method: 'DELETE', path: '/api/users/:id/data' },
  { method: 'GET', path: '/agents/user-session-agent/:id' },
];

const GENERATORS: Record<string, [Gen, number]> = {
  'GET /api/health': [
    (rng) => {
      const who = pickWho(rng);
      return { kind: 'query-junk', method: 'GET', path: withQuery('/api/health', junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    2,
  ],
  'GET /api/me': [
    (rng) => {
      const who = pickWho(rng, ['anon', 'badauth']);
      return { kind: 'auth-variants', method: 'GET', path: withQuery('/api/me', junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    3,
  ],
  'GET /sign-in': [(rng) => ({ kind: 'page', method: 'GET', path: withQuery('/sign-in', junkQuery(rng)), who: 'anon', headers: whoHeaders(rng, 'anon'), page: true }), 1],
  'GET /': [
    (rng) => {
      const who = pickWho(rng);
      return { kind: 'page', method: 'GET', path: withQuery('/', junkQuery(rng)), who, headers: whoHeaders(rng, who), page: true };
    },
    1,
  ],
  'POST /sign-in': [
    (rng) => {
      const who = pickWho(rng, ['anon']);
      const b = signInBody(rng);
      return { kind: b.kind, method: 'POST', path: '/sign-in', who, headers: [...whoHeaders(rng, who), ...csrf(rng), ...b.headers], body: b.body, page: true };
    },
    6,
  ],
  'POST /sign-out': [
    (rng) => {
      const who = pickWho(rng);
      // Mostly cross-site (refused); otherwise harmless (only clears a cookie).
      const headers: [string, string][] = chance(rng, 0.7) ? [['Origin', pick(rng, ['https://evil.test', 'null', 'http://app.test'])]] : [];
      return { kind: headers.length ? 'csrf' : 'plain', method: 'POST', path: '/sign-out', who, headers: [...whoHeaders(rng, who), ...headers], body: chance(rng, 0.5) ? nastyString(rng) : undefined, page: true };
    },
    2,
  ],
  'POST /api/ask': [jsonPost('/api/ask', askValue), 12],
  'GET /api/search': [
    (rng) => {
      const who = pickWho(rng, ['alice', 'oscar']);
      return { kind: 'invalid-query', method: 'GET', path: `/api/search?${searchQuery(rng)}`, who, headers: whoHeaders(rng, who) };
    },
    8,
  ],
  'POST /api/documents (json)': [jsonPost('/api/documents', docJsonValue, ['oscar']), 10],
  'POST /api/documents (multipart)': [
    (rng) => {
      const who = pickWho(rng, ['oscar']);
      if (chance(rng, 0.2)) {
        const raw = rawMultipart(rng);
        return { kind: raw.kind, method: 'POST', path: '/api/documents', who, headers: [...whoHeaders(rng, who), ['Content-Type', raw.contentType]], body: raw.body };
      }
      const { kind, upload } = uploadSpec(rng);
      return { kind, method: 'POST', path: '/api/documents', who, headers: [...whoHeaders(rng, who), ...csrf(rng)], upload };
    },
    12,
  ],
  'POST /api/documents (wrong content-type)': [
    (rng) => {
      const who = pickWho(rng, ['oscar']);
      const ct = pick(rng, ['text/plain', 'application/xml', 'text/html', 'application/octet-stream', 'image/png', 'application/x-www-form-urlencoded', 'text/json', 'json']);
      const body = pick(rng, [JSON.stringify({ title: 'T', text: 'Readable text' }), '<doc><title>T</title></doc>', 'title=T&text=Readable', nastyString(rng)]);
      if (chance(rng, 0.3)) return { kind: 'missing-content-type', method: 'POST', path: '/api/documents', who, headers: whoHeaders(rng, who), body: new TextEncoder().encode(body) };
      return { kind: `content-type:${ct}`, method: 'POST', path: '/api/documents', who, headers: [...whoHeaders(rng, who), ['Content-Type', ct]], body };
    },
    4,
  ],
  'GET /api/documents': [
    (rng) => {
      const who = pickWho(rng);
      const limit = pick(rng, ['0', '-1', '501', '1.5', 'abc', '', '%00', '1e9', 'Infinity', pct(nastyString(rng))]);
      return { kind: 'bad-limit', method: 'GET', path: withQuery('/api/documents', `limit=${limit}`, junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    3,
  ],
  'GET /api/documents/:id': [
    (rng) => {
      const who = pickWho(rng);
      return { kind: 'weird-id', method: 'GET', path: `/api/documents/${weirdId(rng)}`, who, headers: whoHeaders(rng, who) };
    },
    5,
  ],
  'GET /api/documents/:id/text': [
    (rng) => {
      const who = pickWho(rng);
      return { kind: 'weird-id', method: 'GET', path: `/api/documents/${weirdId(rng)}/text`, who, headers: whoHeaders(rng, who) };
    },
    4,
  ],
  'DELETE /api/documents/:id': [
    (rng) => {
      const who = pickWho(rng, ['oscar']);
      return { kind: 'weird-id', method: 'DELETE', path: `/api/documents/${weirdId(rng)}`, who, headers: [...whoHeaders(rng, who), ...csrf(rng)], body: chance(rng, 0.2) ? pick(rng, MALFORMED_JSON) : undefined };
    },
    6,
  ],
  'GET /api/traces': [
    (rng) => {
      const who = pickWho(rng);
      const q = pick(rng, [
        `limit=${pick(rng, ['0', '-1', '201', '1.5', 'abc', '', 'Infinity', '%00'])}`,
        `requestId=${'r'.repeat(129)}`,
        `requestId=${pct(nastyString(rng))}&limit=0`,
        longQuery(rng, 65_536, 'requestId'),
      ]);
      return { kind: 'bad-query', method: 'GET', path: withQuery('/api/traces', q, junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    4,
  ],
  'GET /api/traces/:id': [
    (rng) => {
      const who = pickWho(rng);
      return { kind: 'weird-id', method: 'GET', path: `/api/traces/${weirdId(rng)}`, who, headers: whoHeaders(rng, who) };
    },
    4,
  ],
  'POST /api/tasks': [jsonPost('/api/tasks', taskValue), 12],
  'GET /api/tasks': [
    (rng) => {
      const who = pickWho(rng);
      return { kind: 'query-junk', method: 'GET', path: withQuery('/api/tasks', junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    2,
  ],
  'GET /api/tasks/:id': [
    (rng) => {
      const who = pickWho(rng);
      return { kind: 'weird-id', method: 'GET', path: `/api/tasks/${weirdId(rng)}`, who, headers: whoHeaders(rng, who) };
    },
    4,
  ],
  'GET /api/reviews': [
    (rng) => {
      const who = pickWho(rng, ['rita', 'ravi']);
      const status = pick(rng, ['PENDING', 'approve', '', 'all', '%00', pct(nastyString(rng)), 'pending%00', "pending' OR 1=1"]);
      return { kind: 'bad-status', method: 'GET', path: withQuery('/api/reviews', `status=${status}`, junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    4,
  ],
  'GET /api/reviews/:taskId': [
    (rng) => {
      const who = pickWho(rng, ['rita', 'ravi']);
      return { kind: 'weird-id', method: 'GET', path: `/api/reviews/${weirdId(rng)}`, who, headers: whoHeaders(rng, who) };
    },
    3,
  ],
  'POST /api/feedback': [jsonPost('/api/feedback', feedbackValue, ['alice', 'rita']), 6],
  'GET /api/inbox': [
    (rng) => {
      const who = pickWho(rng, ['oscar']);
      const limit = pick(rng, ['0', '-1', '501', 'abc', '', '%00', '1e309', pct(nastyString(rng))]);
      return { kind: 'bad-limit', method: 'GET', path: withQuery('/api/inbox', `limit=${limit}`, junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    3,
  ],
  'POST /api/inbox/promote': [jsonPost('/api/inbox/promote', promoteValue, ['oscar']), 5],
  'GET /api/golden/candidates': [
    (rng) => {
      const who = pickWho(rng, ['oscar']);
      const status = pick(rng, ['ACCEPTED', 'pulled', '%00', pct(nastyString(rng)), "accepted' OR 1=1"]);
      return { kind: 'bad-status', method: 'GET', path: withQuery('/api/golden/candidates', `status=${status}`, junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    3,
  ],
  'GET /api/golden/candidates/:id': [
    (rng) => {
      const who = pickWho(rng, ['oscar']);
      return { kind: 'weird-id', method: 'GET', path: `/api/golden/candidates/${weirdId(rng)}`, who, headers: whoHeaders(rng, who) };
    },
    3,
  ],
  'PUT /api/golden/candidates/:id': [
    (rng) => {
      const spec = jsonPost('/x', candidateValue, ['oscar'])(rng, 0);
      return { ...spec, method: 'PUT', path: `/api/golden/candidates/${weirdId(rng)}` };
    },
    5,
  ],
  'GET /api/metrics/series': [
    (rng) => {
      const who = pickWho(rng, ['oscar']);
      const range = pick(rng, ['week', '', 'DAY', '%00', pct(nastyString(rng))]);
      return { kind: 'bad-range', method: 'GET', path: withQuery('/api/metrics/series', `range=${range}`, junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    3,
  ],
  'GET /api/kpi': [
    (rng) => {
      const who = pickWho(rng, ['oscar']);
      return { kind: 'query-junk', method: 'GET', path: withQuery('/api/kpi', junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    2,
  ],
  'PUT /api/kpi/contract': [
    (rng) => {
      const spec = jsonPost('/api/kpi/contract', kpiContractValue, ['oscar'])(rng, 0);
      return { ...spec, method: 'PUT' };
    },
    5,
  ],
  'POST /api/kpi/values': [jsonPost('/api/kpi/values', kpiValueValue, ['oscar']), 4],
  'POST /api/reviews/:taskId/decision': [
    (rng) => {
      const spec = jsonPost('/x', decisionValue, ['rita', 'ravi'])(rng, 0);
      return { ...spec, path: `/api/reviews/${weirdId(rng)}/decision` };
    },
    10,
  ],
  'GET /api/metrics': [
    (rng) => {
      const who = pickWho(rng);
      const hours = pick(rng, ['0', '-1', '99999', 'abc', '', '%00', 'Infinity', 'NaN', '1e309', pct(nastyString(rng))]);
      return { kind: 'bad-hours', method: 'GET', path: withQuery('/api/metrics', `hours=${hours}`, junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    2,
  ],
  'GET /api/admin/kill-switch': [
    (rng) => {
      const who = pickWho(rng);
      return { kind: 'query-junk', method: 'GET', path: withQuery('/api/admin/kill-switch', junkQuery(rng)), who, headers: whoHeaders(rng, who) };
    },
    2,
  ],
  'POST /api/admin/kill-switch': [jsonPost('/api/admin/kill-switch', killValue, ['oscar']), 6],
  'POST /api/admin/retention/run': [
    (rng) => {
      // Always valid for an operator, so only ever sent by callers who must be refused (or cross-site).
      const who = pickWho(rng, ['alice', 'rita', 'ravi', 'anon', 'badauth']);
      const { kind, body } = jsonishBody(rng, () => pick(rng, WRONG_TYPES));
      const headers: [string, string][] = who === 'oscar' ? [['Origin', 'https://evil.test']] : csrf(rng);
      return { kind, method: 'POST', path: withQuery('/api/admin/retention/run', junkQuery(rng)), who, headers: [...whoHeaders(rng, who), ...headers, ...jsonCt(rng)], body };
    },
    3,
  ],
  'DELETE /api/users/:id/data': [
    (rng) => {
      const who = pickWho(rng, ['alice', 'rita', 'ravi', 'anon', 'badauth']);
      const target = chance(rng, 0.3) ? pick(rng, ['alice', 'rita', 'ravi', 'oscar']) : weirdId(rng);
      const headers: [string, string][] = who === 'oscar' ? [['Sec-Fetch-Site', 'cross-site']] : csrf(rng);
      return { kind: 'erase-refused', method: 'DELETE', path: `/api/users/${target}/data`, who, headers: [...whoHeaders(rng, who), ...headers] };
    },
    3,
  ],
  '/agents/user-session-agent/:userId': [
    (rng) => {
      const who = pickWho(rng);
      const method = pick(rng, ['GET', 'POST', 'PUT', 'DELETE']);
      const id = chance(rng, 0.3) ? pick(rng, ['alice', 'rita', 'ravi', 'oscar'].filter((u) => u !== who)) : weirdId(rng);
      const tail = pick(rng, ['', '/x', '/../../etc/passwd', `/${pct(nastyString(rng))}`]);
      const upgrade: [string, string][] = chance(rng, 0.3) ? [['Upgrade', 'websocket']] : [];
      return { kind: 'other-users-agent', method, path: `/agents/user-session-agent/${id}${tail}`, who, headers: [...whoHeaders(rng, who), ...upgrade, ...csrf(rng)], body: method === 'GET' ? undefined : pick(rng, MALFORMED_JSON) };
    },
    3,
  ],
  'unknown method': [
    (rng) => {
      const who = pickWho(rng);
      const route = pick(rng, ALL_ROUTES);
      const path = route.path.replace(':id', weirdId(rng)).replace(':taskId', weirdId(rng));
      const methods = ['PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS', 'HEAD', 'PROPFIND', 'get', 'PURGE'].filter((m) => m !== route.method);
      const method = pick(rng, methods);
      const hasBody = !['HEAD', 'GET', 'get'].includes(method) && chance(rng, 0.6);
      return {
        kind: 'unknown-method',
        method,
        path: method === 'HEAD' && route.path === '/api/search' ? '/api/search?topK=0' : path,
        who,
        headers: [...whoHeaders(rng, who), ...(hasBody ? jsonCt(rng) : [])],
        body: hasBody ? jsonishBody(rng, () => pick(rng, WRONG_TYPES)).body : undefined,
        page: !route.path.startsWith('/api/'),
      };
    },
    10,
  ],
  'unknown path': [
    (rng) => {
      const who = pickWho(rng);
      const path = pick(rng, [
        '/api',
        '/api/',
        '/api/unknown',
        '/api/DOCUMENTS',
        '/api/documents/a/b/c',
        `/api/${pct(pick(rng, TRAVERSAL))}`,
        '/api/../../etc/passwd',
        '/%2e%2e/%2e%2e/etc/passwd',
        '//api//documents',
        '/api/ask/extra',
        '/api/tasks/x/y',
        '/api/reviews/x',
        '/api/reviews/x/decision/y',
        `/api/${'a'.repeat(8192)}`,
        `/api/documents/${weirdId(rng)}/text/more`,
        '/api/%00',
        '/api/admin',
        '/.env',
        '/wp-admin',
      ]);
      const method = pick(rng, ['GET', 'POST', 'DELETE', 'PUT']);
      return { kind: 'unknown-path', method, path, who, headers: [...whoHeaders(rng, who), ...(method === 'GET' ? [] : jsonCt(rng))], body: method === 'GET' ? undefined : pick(rng, MALFORMED_JSON), page: !path.startsWith('/api') };
    },
    4,
  ],
};

/** The expensive cases, each sent a fixed number of times. */
function specialSpecs(rng: Rng): Omit<Spec, 'n'>[] {
  const out: Omit<Spec, 'n'>[] = [];
  const hdr = (who: Who, ct?: string): [string, string][] => [...whoHeaders(rng, who), ...(ct ? [['Content-Type', ct] as [string, string]] : [])];
  const users: Who[] = ['anon', 'alice', 'rita', 'ravi', 'oscar'];
  for (const who of users) {
    // 2 MiB strings in the fields that expect short strings.
    out.push({ endpoint: 'POST /api/ask', kind: 'huge-question', method: 'POST', path: '/api/ask', who, headers: hdr(who, 'application/json'), body: () => JSON.stringify({ question: huge() }) });
    out.push({ endpoint: 'POST /api/tasks', kind: 'huge-input', method: 'POST', path: '/api/tasks', who, headers: hdr(who, 'application/json'), body: () => JSON.stringify({ input: huge() }) });
    out.push({ endpoint: 'POST /api/reviews/:taskId/decision', kind: 'huge-comment', method: 'POST', path: '/api/reviews/task_missing/decision', who, headers: hdr(who, 'application/json'), body: () => JSON.stringify({ decision: 'reject', comment: huge() }) });
    out.push({ endpoint: 'POST /sign-in', kind: 'huge-user', method: 'POST', path: '/sign-in', who, headers: hdr(who, 'application/x-www-form-urlencoded'), body: () => `user=${huge()}`, page: true });
    out.push({ endpoint: 'POST /api/ask', kind: 'huge-malformed', method: 'POST', path: '/api/ask', who, headers: hdr(who, 'application/json'), body: () => `{"question":"${huge()}` });
  }
  for (let i = 0; i < 4; i++) {
    out.push({ endpoint: 'POST /api/documents (json)', kind: 'huge-title', method: 'POST', path: '/api/documents', who: 'oscar', headers: hdr('oscar', 'application/json'), body: () => JSON.stringify({ title: huge(), text: 'Readable text here.' }) });
    out.push({ endpoint: 'POST /api/documents (json)', kind: 'huge-letterless-text', method: 'POST', path: '/api/documents', who: 'oscar', headers: hdr('oscar', 'application/json'), body: () => JSON.stringify({ title: 'Huge', text: `${'.'.repeat(2 * 1024 * 1024)}${i}` }) });
  }
  // Over the upload limit: 10 MiB + 1 of readable text, as JSON and as a multipart file.
  const over = () => 'a'.repeat(MAX_UPLOAD_BYTES + 1);
  out.push({ endpoint: 'POST /api/documents (json)', kind: 'oversized-json', method: 'POST', path: '/api/documents', who: 'oscar', headers: hdr('oscar', 'application/json'), body: () => JSON.stringify({ title: 'Too big', text: over() }) });
  for (const name of ['big.txt', 'big.pdf']) {
    const bytes = name.endsWith('.pdf') ? concat('%PDF-1.4\n', new Uint8Array(MAX_UPLOAD_BYTES)) : new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x61);
    out.push({ endpoint: 'POST /api/documents (multipart)', kind: 'oversized-file', method: 'POST', path: '/api/documents', who: 'oscar', headers: hdr('oscar'), upload: { file: { name, bytes }, fields: [] } });
  }
  // Zip bombs by every user (only oscar reaches the upload checks; its requests carry an invalid field).
  for (const who of users) {
    out.push({ endpoint: 'POST /api/documents (multipart)', kind: 'zip-bomb-pdf', method: 'POST', path: '/api/documents', who, headers: hdr(who), upload: { file: { name: 'bomb.pdf', bytes: zipBombPdf, type: 'application/pdf' }, fields: who === 'oscar' ? [['groups', '../../etc']] : [] } });
    out.push({ endpoint: 'POST /api/documents (multipart)', kind: 'zip-bomb-as-pdf-name', method: 'POST', path: '/api/documents', who, headers: hdr(who), upload: { file: { name: '../../bomb.pdf', bytes: zipBombZip }, fields: [] } });
  }
  // Deep nesting in every JSON field.
  for (const who of users) {
    out.push({ endpoint: 'POST /api/ask', kind: 'deep-field', method: 'POST', path: '/api/ask', who, headers: hdr(who, 'application/json'), body: `{"question":${deepArray}}` });
    out.push({ endpoint: 'POST /api/tasks', kind: 'deep-field', method: 'POST', path: '/api/tasks', who, headers: hdr(who, 'application/json'), body: `{"input":${deepObject}}` });
    out.push({ endpoint: 'POST /api/documents (json)', kind: 'deep-field', method: 'POST', path: '/api/documents', who, headers: hdr(who, 'application/json'), body: `{"title":"T","text":"Readable text","groups":${deepArray}}` });
    out.push({ endpoint: 'POST /api/reviews/:taskId/decision', kind: 'deep-params', method: 'POST', path: '/api/reviews/task_0000000000000000/decision', who, headers: hdr(who, 'application/json'), body: `{"decision":"approve","params":${deepObject}}` });
  }
  // Very long query strings and ids.
  for (const size of [262_144, 1_048_576]) {
    out.push({ endpoint: 'GET /api/search', kind: 'very-long-query', method: 'GET', path: `/api/search?${longQuery(rng, size)}`, who: 'alice', headers: hdr('alice') });
    out.push({ endpoint: 'GET /api/documents/:id', kind: 'very-long-id', method: 'GET', path: `/api/documents/${'d'.repeat(size)}`, who: 'oscar', headers: hdr('oscar') });
    out.push({ endpoint: 'GET /api/tasks/:id', kind: 'very-long-id', method: 'GET', path: `/api/tasks/${'t'.repeat(size)}`, who: 'oscar', headers: hdr('oscar') });
  }
  return out;
}

function buildSpecs(): { specs: Spec[]; dropped: Record<string, number> } {
  const rng: Rng = prng(SEED);
  const entries = Object.entries(GENERATORS);
  const weights = entries.map(([name, [, w]]) => [name, w] as const);
  const dropped: Record<string, number> = {};
  const specs: Spec[] = [];
  const budget: Record<string, number> = {};
  const add = (s: Omit<Spec, 'n'>) => {
    if (couldChangeState(s)) {
      dropped[s.endpoint] = (dropped[s.endpoint] ?? 0) + 1;
      return;
    }
    // POSTs to /api/ask|tasks|documents count against the per-user rate limit (1000/min locally); keep each
    // user under it so requests reach validation instead of a 429.
    const key = rateLimitedUser(s);
    if (key) {
      if ((budget[key] ?? 0) >= RATE_BUDGET_PER_USER) {
        dropped['(rate budget)'] = (dropped['(rate budget)'] ?? 0) + 1;
        return;
      }
      budget[key] = (budget[key] ?? 0) + 1;
    }
    specs.push({ ...s, n: specs.length });
  };
  // The expensive cases first, then every endpoint at least 60 times, then weighted at random.
  for (const s of specialSpecs(rng)) add(s);
  for (const [endpoint, [gen]] of entries) for (let i = 0; i < 60; i++) add({ endpoint, ...gen(rng, i) });
  while (specs.length < REQUEST_COUNT) {
    const endpoint = weighted(rng, weights);
    add({ endpoint, ...GENERATORS[endpoint]![0](rng, specs.length) });
  }
  return { specs, dropped };
}

/** The CSRF middleware refuses it (cross-origin Origin or cross-site Sec-Fetch-Site). */
function crossSite(s: Omit<Spec, 'n'>): boolean {
  const get = (name: string) => s.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const origin = get('origin');
  const site = get('sec-fetch-site');
  return (origin !== undefined && origin !== BASE) || (site !== undefined && site !== 'same-origin' && site !== 'none');
}

/** True when the app could accept the request as a valid state change or model call: such requests are not sent. */
function couldChangeState(s: Omit<Spec, 'n'>): boolean {
  const path = s.path.split('?')[0]!;
  const method = s.method.toUpperCase();
  const body = typeof s.body === 'function' ? undefined : s.body; // thunks are the hand-checked special cases
  if (method === 'POST' && path === '/sign-in') return signInCouldSucceed(body); // needs no credentials
  if (s.who === 'anon' || s.who === 'badauth') return false; // refused before any route logic
  if (method === 'POST' && path === '/api/admin/kill-switch') return typeof s.body === 'function' || killSchema.safeParse(parsedJson(body)).success;
  if (method === 'PUT' && path === '/api/kpi/contract') return typeof s.body !== 'function' && kpiContractCopy.safeParse(parsedJson(body)).success;
  if (method === 'POST' && path === '/api/admin/retention/run') return s.who === 'oscar' && !crossSite(s);
  if (method === 'DELETE' && path.startsWith('/api/users/')) return s.who === 'oscar' && !crossSite(s);
  if (path.startsWith('/agents/')) {
    const seg = path.split('/')[3] ?? '';
    let id = seg;
    try {
      id = decodeURIComponent(seg);
    } catch {
      // Hono keeps undecodable params as they are
    }
    return id === s.who || seg === s.who;
  }
  if (method === 'POST' && path === '/api/ask') return typeof s.body !== 'function' && askSchema.safeParse(parsedJson(body)).success;
  if (method === 'POST' && path === '/api/tasks') return typeof s.body !== 'function' && taskSchema.safeParse(parsedJson(body)).success;
  if ((method === 'GET' || method === 'HEAD') && path === '/api/search') return searchCouldRun(s.path);
  if (method === 'POST' && path === '/api/documents') {
    if (s.upload) return uploadCouldBeAccepted(s.upload);
    const ct = s.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    if (!ct.startsWith('application/json') || typeof s.body === 'function') return false;
    const parsed = docJsonSchema.safeParse(parsedJson(body));
    return parsed.success && usableText(parsed.data.text) && new TextEncoder().encode(parsed.data.text).byteLength <= MAX_UPLOAD_BYTES;
  }
  return false;
}

function rateLimitedUser(s: Omit<Spec, 'n'>): string | undefined {
  if (s.method.toUpperCase() !== 'POST' || s.who === 'anon' || s.who === 'badauth') return undefined;
  return RATE_LIMITED_PATHS.has(s.path.split('?')[0]!) ? s.who : undefined;
}

// ───────────────────────────── sending and checking ─────────────────────────────

interface Outcome {
  spec: Spec;
  ms?: number;
  status: number | 'threw' | 'timeout' | 'unsendable';
  contentType: string;
  text: string;
}

function buildRequest(s: Spec): Request {
  const headers = new Headers();
  for (const [k, v] of s.headers) headers.append(k, v);
  const body = s.upload ? formFrom(s.upload) : typeof s.body === 'function' ? s.body() : s.body;
  // 'manual': the Worker's own redirects (303 after sign-in/out) are the response under test, not followed.
  const init: RequestInit = { method: s.method, headers, redirect: 'manual' };
  if (body !== undefined && !['GET', 'HEAD'].includes(s.method.toUpperCase())) init.body = body;
  return new Request(`${BASE}${s.path}`, init);
}

async function send(s: Spec): Promise<Outcome> {
  let req: Request;
  try {
    req = buildRequest(s);
  } catch (err) {
    return { spec: s, status: 'unsendable', contentType: '', text: String(err) };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ spec: s, status: 'timeout', contentType: '', text: '' }), PER_REQUEST_TIMEOUT_MS);
  });
  const run = (async (): Promise<Outcome> => {
    const t0 = Date.now();
    try {
      const res = await exports.default.fetch(req);
      const text = await res.text();
      return { spec: s, status: res.status, contentType: res.headers.get('Content-Type') ?? '', text, ms: Date.now() - t0 };
    } catch (err) {
      return { spec: s, status: 'threw', contentType: '', text: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const errorShape = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });

function summary(o: Outcome): string {
  const s = o.spec;
  const ct = s.upload ? 'multipart(FormData)' : (s.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '-');
  const p = s.path.length > 120 ? `${s.path.slice(0, 120)}…(${s.path.length} chars)` : s.path;
  return `#${s.n} [${s.endpoint} / ${s.kind}] ${s.method} ${JSON.stringify(p)} as ${s.who} ct=${JSON.stringify(ct)} → ${o.status} ${JSON.stringify(o.text.slice(0, 200))}`;
}

// ───────────────────────────── state snapshot ─────────────────────────────

const REQUIRED_TABLES = ['documents', 'chunks', 'tasks', 'reviews', 'action_commits', 'sor_orders', 'sor_tickets', 'sor_refunds', 'sor_ticket_events', 'local_vectors', 'users', 'settings', 'traces', 'audit_log', 'document_texts'];

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const replacer = (_k: string, v: unknown) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : ArrayBuffer.isView(v) ? [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] : v);

async function snapshot(): Promise<Record<string, unknown>> {
  const tables = (
    await env.DB.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' order by name").all<{ name: string }>()
  ).results.map((r) => r.name);
  const out: Record<string, unknown> = {};
  for (const t of tables) {
    const rows = await env.DB.prepare(`select * from "${t.replace(/"/g, '""')}"`).raw();
    const serialized = rows.map((r) => JSON.stringify(r, replacer)).sort();
    out[`table:${t}`] = { rows: rows.length, hash: await sha256(serialized.join('\n')) };
  }
  const agg = await env.DB.prepare(
    `select
       (select coalesce(sum(refunded_usd), 0) from sor_orders) as refunded,
       (select group_concat(id || ':' || status || ':' || priority, ',') from (select * from sor_tickets order by id)) as tickets,
       (select count(*) from users) as users,
       (select group_concat(id || ':' || role, ',') from (select * from users order by id)) as roles`,
  ).first();
  out.aggregates = agg;
  const keys: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await env.DOCUMENTS.list({ cursor, limit: 1000 });
    keys.push(...page.objects.map((o) => `${o.key}:${o.size}`));
    if (!page.truncated) break;
    cursor = page.cursor;
  }
  out.r2 = { objects: keys.length, hash: await sha256(keys.sort().join('\n')) };
  return out;
}

// ───────────────────────────── the test ─────────────────────────────

describe('fuzz: every endpoint rejects invalid input cleanly', () => {
  beforeAll(async () => {
    await buildZipBombs();
  });

  it(
    `should answer >10,000 seeded invalid requests with no 5xx, JSON errors only, and no state change`,
    async () => {
      const started = Date.now();
      // Demo users are stored on first authentication; do that before the snapshot.
      for (const u of DEMO_USERS) {
        const res = await exports.default.fetch(new Request(`${BASE}/api/me`, { headers: { Authorization: `Bearer demo-${u.id}` } }));
        expect(res.status).toBe(200);
        await res.text();
      }
      const before = await snapshot();
      for (const t of REQUIRED_TABLES) expect(before, `table ${t} exists`).toHaveProperty([`table:${t}`]);

      const { specs, dropped } = buildSpecs();
      const generatedAt = Date.now();

      const outcomes: Outcome[] = [];
      for (let i = 0; i < specs.length; i += CONCURRENCY) {
        outcomes.push(...(await Promise.all(specs.slice(i, i + CONCURRENCY).map(send))));
      }
      const sentAt = Date.now();
      await new Promise((r) => setTimeout(r, 250)); // let any stray waitUntil work land before comparing
      const after = await snapshot();

      const sent = outcomes.filter((o) => o.status !== 'unsendable');
      const serverErrors = outcomes.filter((o) => o.status === 'threw' || o.status === 'timeout' || (typeof o.status === 'number' && o.status >= 500));
      const badErrorBodies = sent.filter((o) => {
        if (typeof o.status !== 'number' || o.status < 400 || o.status >= 500) return false;
        const method = o.spec.method.toUpperCase();
        if (method === 'HEAD') return false;
        const isApi = o.spec.path.startsWith('/api/') || o.spec.path === '/api' || o.spec.path.startsWith('/api?');
        if (!isApi && method === 'GET') return false; // HTML pages may answer GETs as they like
        if (!o.contentType.includes('application/json')) return true;
        try {
          return !errorShape.safeParse(JSON.parse(o.text)).success;
        } catch {
          return true;
        }
      });
      // Nothing unsafe may succeed: every generated unsafe request is invalid (sign-out only clears a cookie).
      const unsafeAccepted = sent.filter(
        (o) => typeof o.status === 'number' && o.status < 400 && !['GET', 'HEAD', 'OPTIONS'].includes(o.spec.method.toUpperCase()) && !(o.spec.path === '/sign-out' && o.status === 303),
      );

      const byStatus: Record<string, number> = {};
      for (const o of outcomes) byStatus[String(o.status)] = (byStatus[String(o.status)] ?? 0) + 1;
      const groups = (list: Outcome[]) => {
        const g: Record<string, number> = {};
        for (const o of list) {
          const key = `${o.spec.endpoint} / ${o.spec.kind} → ${o.status}${o.status === 'unsendable' ? ` ${o.text.slice(0, 80)}` : ''}`;
          g[key] = (g[key] ?? 0) + 1;
        }
        return g;
      };
      const byEndpoint: Record<string, number> = {};
      for (const o of sent) byEndpoint[o.spec.endpoint] = (byEndpoint[o.spec.endpoint] ?? 0) + 1;
      console.log(
        JSON.stringify(
          {
            sent: sent.length,
            unsendable: outcomes.length - sent.length,
            droppedAsPossiblyValid: dropped,
            byStatus,
            byEndpoint,
            unsendableGroups: groups(outcomes.filter((o) => o.status === 'unsendable')),
            serverErrorGroups: groups(serverErrors),
            badErrorBodyGroups: groups(badErrorBodies),
            unsafeAcceptedGroups: groups(unsafeAccepted),
            rateLimited429: outcomes.filter((o) => o.status === 429).length,
            ms: { generate: generatedAt - started, send: sentAt - generatedAt, total: Date.now() - started },
          },
          null,
          1,
        ),
      );

      const report = (list: Outcome[]) => `${list.length} offenders; first 20:\n${list.slice(0, 20).map(summary).join('\n')}`;
      expect(sent.length).toBeGreaterThanOrEqual(10_000);
      for (const endpoint of Object.keys(GENERATORS)) expect(byEndpoint[endpoint] ?? 0, `requests to ${endpoint}`).toBeGreaterThanOrEqual(50);
      expect.soft(serverErrors, `responses with status >= 500: ${report(serverErrors)}`).toHaveLength(0);
      expect.soft(badErrorBodies, `4xx responses that are not { error: { code, message, details? } }: ${report(badErrorBodies)}`).toHaveLength(0);
      expect.soft(unsafeAccepted, `unsafe requests that were not refused: ${report(unsafeAccepted)}`).toHaveLength(0);
      expect.soft(after, 'D1 tables and R2 objects are unchanged by rejected requests').toEqual(before);
    },
    180_000,
  );
});
