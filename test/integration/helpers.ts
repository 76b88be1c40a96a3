/** Shared helpers for integration tests: requests as a demo user against the real Worker entry. */
import { exports } from 'cloudflare:workers';

export const BASE = 'https://app.test';

export function asUser(user: string | null, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (user) headers.set('Authorization', `Bearer demo-${user}`);
  return exports.default.fetch(new Request(`${BASE}${path}`, { ...init, headers }));
}

export function jsonBody(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

export interface DocumentView {
  id: string;
  title: string;
  status: string;
  groups: string[];
  chunkCount: number;
  progress: { done: number; total: number };
  error: string | null;
  duplicate?: boolean;
}

/** Uploads a file as oscar (operator) through the public API; readable by everyone unless `groups` says otherwise. */
export async function uploadFile(name: string, content: string | Uint8Array, fields: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([content], name));
  for (const [k, v] of Object.entries({ groups: '*', ...fields })) form.append(k, v);
  return asUser('oscar', '/api/documents', { method: 'POST', body: form });
}

/** Polls the document until ingestion ends (ready or failed), returning every status seen on the way. */
export async function waitForIngest(id: string, timeoutMs = 20_000): Promise<{ doc: DocumentView; seen: string[] }> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const doc = (await (await asUser('oscar', `/api/documents/${id}`)).json()) as DocumentView;
    if (seen.at(-1) !== doc.status) seen.push(doc.status);
    if (doc.status === 'ready' || doc.status === 'failed') return { doc, seen };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`document ${id} did not finish ingesting; saw ${seen.join(' → ')}`);
}

/** Uploads and waits until ready; fails the test if ingestion fails. */
export async function ingest(name: string, content: string | Uint8Array, fields: Record<string, string> = {}): Promise<DocumentView> {
  const res = await uploadFile(name, content, fields);
  if (res.status !== 202 && res.status !== 200) throw new Error(`upload of ${name} failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as DocumentView;
  const { doc } = await waitForIngest(id);
  if (doc.status !== 'ready') throw new Error(`ingest of ${name} ended ${doc.status}: ${doc.error}`);
  return doc;
}

/** A minimal single-page PDF whose text layer holds `text` (ASCII), with a correct xref table. */
export function tinyPdf(text: string): Uint8Array {
  const escaped = text.replace(/[()\\]/g, (c) => `\\${c}`);
  const stream = `BT /F1 12 Tf 72 720 Td (${escaped}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
