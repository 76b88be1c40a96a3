/** Small shared pieces: status badges, citation cards, the 403 page, date formatting. */
import type { Identity } from '../auth/identity';
import { Layout } from './layout';

export interface CitationView {
  documentId: string;
  chunkId?: string;
  title: string;
  snippet: string;
  start: number;
  end: number;
}

export function isCitation(x: unknown): x is CitationView {
  const c = x as Partial<CitationView> | null;
  return !!c && typeof c.documentId === 'string' && typeof c.snippet === 'string' && typeof c.start === 'number' && typeof c.end === 'number';
}

export function fmtTime(d: Date | number | string | null | undefined): string {
  if (d === null || d === undefined) return '—';
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? '—' : date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function StatusBadge(props: { status: string; id?: string }) {
  return (
    <span class={`badge status-${props.status}`} id={props.id}>
      {props.status}
    </span>
  );
}

export function documentHref(c: CitationView): string {
  return `/documents/${encodeURIComponent(c.documentId)}?start=${c.start}&end=${c.end}`;
}

/** A citation card: title, snippet, a <details> with the snippet highlighted, and a link to the span. */
export function CitationCard(props: { citation: CitationView; n: number; idPrefix?: string }) {
  const c = props.citation;
  // Snippets are exact spans of the source text; Markdown emphasis markers are noise on screen.
  const snippet = c.snippet.replace(/\*\*|__/g, '');
  return (
    <li class="citation card" id={`${props.idPrefix ?? 'cite'}-${props.n}`}>
      <h3>
        [{props.n}] {c.title}
      </h3>
      <p class="snippet">{snippet.length > 220 ? `${snippet.slice(0, 220)}…` : snippet}</p>
      <details>
        <summary>Show the cited passage</summary>
        <p>
          <mark>{snippet}</mark>
        </p>
      </details>
      <a href={documentHref(c)}>Open document</a>
    </li>
  );
}

export function ForbiddenPage(props: { identity: Identity; message: string }) {
  return (
    <Layout title="Not allowed" identity={props.identity}>
      <h1>Not allowed (403)</h1>
      <p class="notice error" role="alert">
        {props.message}
      </p>
      <p>
        <a href="/">Back to Ask</a>
      </p>
    </Layout>
  );
}

export function NotFoundPage(props: { identity: Identity; what: string }) {
  return (
    <Layout title="Not found" identity={props.identity}>
      <h1>Not found</h1>
      <p class="notice">{props.what} was not found, or you cannot see it.</p>
    </Layout>
  );
}

export function PausedPage(props: { identity: Identity; message: string }) {
  return (
    <Layout title="Paused" identity={props.identity}>
      <h1>Paused by the operator (503)</h1>
      <p class="notice" role="status">
        {props.message}
      </p>
      <p class="muted">Nothing you saved is lost; try again once the operator lowers the kill switch.</p>
    </Layout>
  );
}
