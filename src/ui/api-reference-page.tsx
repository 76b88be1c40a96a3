/** The API reference (/api/docs), rendered on the server from the same OpenAPI document the routes generate. */
import type { Identity } from '../auth/identity';
import { Layout } from './layout';

interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function Schema(props: { schema: unknown }) {
  return <pre class="schema">{JSON.stringify(props.schema, null, 2)}</pre>;
}

function OperationView(props: { method: string; path: string; op: Operation }) {
  const { method, path, op } = props;
  const anchor = `${method}-${path}`.replace(/[^\w-]+/g, '-');
  return (
    <section class="card stack" id={anchor}>
      <h3>
        <code>{method.toUpperCase()}</code> <code>{path}</code>
      </h3>
      {op.summary ? <p>{op.summary}</p> : null}
      {op.description ? <p class="muted">{op.description}</p> : null}
      {op.parameters?.length ? (
        <div>
          <h4>Parameters</h4>
          <ul>
            {op.parameters.map((p) => (
              <li>
                <code>{p.name}</code> ({p.in}
                {p.required ? ', required' : ''}) <code>{JSON.stringify(p.schema ?? {})}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {op.requestBody?.content
        ? Object.entries(op.requestBody.content).map(([type, body]) => (
            <details>
              <summary>Request body: {type}</summary>
              <Schema schema={body.schema} />
            </details>
          ))
        : null}
      <h4>Responses</h4>
      <ul>
        {Object.entries(op.responses ?? {}).map(([status, r]) => (
          <li>
            <strong>{status}</strong> {r.description}
            {r.content
              ? Object.entries(r.content).map(([type, body]) => (
                  <details>
                    <summary>{type}</summary>
                    <Schema schema={body.schema} />
                  </details>
                ))
              : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ApiReferencePage(props: { identity: Identity | null; doc: OpenApiDocument }) {
  const { doc } = props;
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method]! })),
  );
  return (
    <Layout title="API reference" identity={props.identity}>
      <h1>
        {doc.info.title} <span class="muted">v{doc.info.version}</span>
      </h1>
      {doc.info.description ? <p>{doc.info.description}</p> : null}
      <p>
        Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1, generated from the zod schemas that validate each route).
      </p>
      <nav aria-label="Operations">
        <ul>
          {operations.map(({ method, path }) => (
            <li>
              <a href={`#${`${method}-${path}`.replace(/[^\w-]+/g, '-')}`}>
                <code>{method.toUpperCase()}</code> {path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map((o) => (
        <OperationView {...o} />
      ))}
      {doc.components?.schemas ? (
        <section>
          <h2>Schemas</h2>
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <details id={`schema-${name}`}>
              <summary>{name}</summary>
              <Schema schema={schema} />
            </details>
          ))}
        </section>
      ) : null}
    </Layout>
  );
}
