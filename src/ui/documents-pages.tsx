/** Documents (/documents, operators): upload with progress, the list, delete; /documents/:id shows the text with a cited span marked. */
import type { Identity } from '../auth/identity';
import type { DocumentRow } from '../db/documents';
import type { BatchProgress } from '../usecases/documents';
import { fmtTime, StatusBadge } from './common';
import { Layout } from './layout';

/** Bulk uploads (POST /api/documents/batch, `npm run ingest`): per batch, documents ready/failed/total and chunks embedded. */
function BatchesTable(props: { batches: BatchProgress[] }) {
  if (props.batches.length === 0) return <p class="muted">No bulk uploads yet. Use <code>npm run ingest -- &lt;folder | file.jsonl&gt;</code> or POST /api/documents/batch.</p>;
  return (
    <div class="table-wrap">
      <table class="table" id="batches-table">
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Status</th>
            <th scope="col">Documents ready / failed / new</th>
            <th scope="col">Chunks embedded</th>
            <th scope="col">Duplicates · refused</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {props.batches.map((b) => {
            const n = b.counts;
            const created = n.queued + n.parsing + n.embedding + n.ready + n.failed;
            return (
              <tr data-batch-id={b.id} data-batch-status={b.status}>
                <td class="nowrap">{b.id}</td>
                <td>
                  <StatusBadge status={b.status} />
                  {b.error ? <span class="muted"> {b.error}</span> : null}
                </td>
                <td class="batch-docs">
                  {n.ready} / {n.failed} / {created}
                </td>
                <td>
                  <progress class="batch-progress" max={Math.max(n.chunks, 1)} value={n.chunksDone}></progress> <span class="batch-chunks">{n.chunksDone}/{n.chunks}</span>
                </td>
                <td>
                  {b.duplicateCount} · {b.refused.length}
                </td>
                <td class="nowrap">{fmtTime(b.createdAt).slice(0, 16)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function DocumentsPage(props: { identity: Identity; documents: DocumentRow[]; batches: BatchProgress[]; canWrite: boolean }) {
  return (
    <Layout title="Documents" identity={props.identity} current="/documents" scripts={['common.js', 'documents.js']}>
      <h1>Documents</h1>
      {props.canWrite ? (
        <form id="upload-form" class="card stack" enctype="multipart/form-data">
          <h2>Upload</h2>
          <label for="file">File (.md, .txt, .html, .pdf)</label>
          <input id="file" name="file" type="file" required />
          <label for="title">Title (optional)</label>
          <input id="title" name="title" type="text" maxlength={300} />
          <label for="groups">Who may read it: groups, comma separated (* for everyone)</label>
          <input id="groups" name="groups" type="text" placeholder="support, finance" aria-describedby="groups-help" />
          <p id="groups-help" class="muted">
            Required, unless a Markdown file names its groups in front matter. Uploading the same file again with other groups changes who may read it.
          </p>
          <div class="row">
            <button type="submit">Upload</button>
          </div>
          <div id="upload-progress" hidden>
            <label for="progress-bar" id="progress-label">
              Queued
            </label>
            <progress id="progress-bar" max={100} value={0}></progress>
          </div>
          <div id="upload-error" class="notice error" role="alert" hidden></div>
        </form>
      ) : null}
      <h2>Bulk uploads</h2>
      <BatchesTable batches={props.batches} />
      <h2>All documents</h2>
      <div class="table-wrap">
        <table class="table" id="documents-table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Chunks</th>
              <th scope="col">Groups</th>
              <th scope="col">Updated</th>
              {props.canWrite ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.documents.map((d) => (
              <tr data-doc-id={d.id}>
                <td>
                  <a href={`/documents/${encodeURIComponent(d.id)}`}>{d.title}</a>
                </td>
                <td>
                  <StatusBadge status={d.status} />
                  {d.status === 'embedding' ? <span class="muted"> {d.progressDone}/{d.progressTotal}</span> : null}
                  {d.status === 'failed' && d.error ? <span class="muted"> {d.error}</span> : null}
                </td>
                <td>{d.chunkCount}</td>
                <td>{d.groups.join(', ')}</td>
                <td class="nowrap">{fmtTime(d.updatedAt).slice(0, 16)}</td>
                {props.canWrite ? (
                  <td>
                    <button type="button" class="danger small delete-doc" data-id={d.id} data-title={d.title} aria-label={`Delete ${d.title}`}>
                      Delete
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div id="list-error" class="notice error" role="alert" hidden></div>
    </Layout>
  );
}

export function DocumentViewPage(props: { identity: Identity; document: DocumentRow; text: string | undefined; start?: number; end?: number }) {
  const { text, document: doc } = props;
  let body;
  if (text === undefined) body = <p class="notice">The text is not available yet (status: {doc.status}).</p>;
  else {
    const s = props.start;
    const e = props.end;
    if (s !== undefined && e !== undefined && s >= 0 && e > s && s < text.length) {
      body = (
        <pre class="doc-text">
          {text.slice(0, s)}
          <mark id="span">{text.slice(s, Math.min(e, text.length))}</mark>
          {text.slice(Math.min(e, text.length))}
        </pre>
      );
    } else body = <pre class="doc-text">{text}</pre>;
  }
  return (
    <Layout title={doc.title} identity={props.identity} scripts={['doc-view.js']}>
      <h1>{doc.title}</h1>
      <p class="muted">
        <StatusBadge status={doc.status} /> · {doc.chunkCount} chunks · groups: {doc.groups.join(', ')} {doc.source ? `· source: ${doc.source}` : ''}
      </p>
      {body}
    </Layout>
  );
}
