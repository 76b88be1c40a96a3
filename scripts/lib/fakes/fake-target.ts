/**
 * A fake production Worker on 127.0.0.1 for the deploy test: it holds the versions and the deployment the fake
 * wrangler sets, routes the version-override header the way Cloudflare does (only to a version in the current
 * deployment), demands the Access service-token headers, and serves `/api/metrics` whose figures depend on which
 * versions take traffic.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Traffic {
  version_id: string;
  percentage: number;
}

export interface FakeTargetOptions {
  workerName: string;
  access: { clientId: string; clientSecret: string };
  initial: { versionId: string; appVersion: string };
  /** Live figures of a version that takes traffic; the first version's apply to the rest of the deployment. */
  healthOf(versionId: string, isNew: boolean): { errorRate: number; refusalRate: number; latencyP95Ms: number };
  /** Report figures per version (`versions` in /api/metrics), as a server with version metadata would. */
  perVersion: boolean;
}

export interface FakeTarget {
  base: string;
  deployments: { versions: Traffic[]; message: string }[];
  uploads: { id: string; appVersion: string; tag: string; message: string }[];
  close(): Promise<void>;
}

const body = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text || '{}');
};

export async function startFakeTarget(options: FakeTargetOptions): Promise<FakeTarget> {
  const appVersions = new Map([[options.initial.versionId, options.initial.appVersion]]);
  const uploads: FakeTarget['uploads'] = [];
  const deployments: FakeTarget['deployments'] = [{ versions: [{ version_id: options.initial.versionId, percentage: 100 }], message: 'initial' }];
  const counters = new Map<string, { requests: number; errors: number; refusals: number }>();
  const current = () => deployments.at(-1)!.versions;

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, json: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/__fake/deployment') {
      if (req.method === 'POST') deployments.push(await body(req));
      return send(200, { versions: current() });
    }
    if (url.pathname === '/__fake/versions') {
      const upload = { id: `version-${uploads.length + 2}`, ...(await body(req)) };
      uploads.push(upload);
      appVersions.set(upload.id, upload.appVersion);
      return send(200, upload);
    }
    if (req.headers['cf-access-client-id'] !== options.access.clientId || req.headers['cf-access-client-secret'] !== options.access.clientSecret) {
      return send(403, { error: { code: 'forbidden', message: 'Access denied' } });
    }
    if (url.pathname === '/api/health') {
      const override = /^([\w-]+)="([^"]+)"$/.exec(String(req.headers['cloudflare-workers-version-overrides'] ?? ''));
      const inDeployment = override && override[1] === options.workerName && current().some((v) => v.version_id === override[2]);
      const serving = inDeployment ? override[2]! : [...current()].sort((a, b) => b.percentage - a.percentage)[0]!.version_id;
      return send(200, { status: 'ok', version: appVersions.get(serving) });
    }
    if (url.pathname === '/api/metrics') return send(200, metrics());
    return send(404, { error: { code: 'not_found', message: url.pathname } });
  });

  /** Each read of the metrics stands for 100 more requests, split by the deployment's percentages. */
  function metrics() {
    for (const v of current()) {
      const n = v.percentage;
      if (n === 0) continue;
      const health = options.healthOf(v.version_id, v.version_id !== options.initial.versionId);
      const c = counters.get(v.version_id) ?? { requests: 0, errors: 0, refusals: 0 };
      counters.set(v.version_id, { requests: c.requests + n, errors: c.errors + n * health.errorRate, refusals: c.refusals + n * health.refusalRate });
    }
    const figures = (versionId: string) => {
      const c = counters.get(versionId)!;
      const health = options.healthOf(versionId, versionId !== options.initial.versionId);
      return { requests: c.requests, errorRate: c.errors / c.requests, refusalRate: c.refusals / c.requests, latencyP95Ms: health.latencyP95Ms };
    };
    const all = [...counters.values()].reduce((a, c) => ({ requests: a.requests + c.requests, errors: a.errors + c.errors, refusals: a.refusals + c.refusals }), { requests: 0, errors: 0, refusals: 0 });
    const latency = Math.max(...[...counters.keys()].map((id) => figures(id).latencyP95Ms));
    return {
      windowHours: 1,
      requests: all.requests,
      errorRate: all.requests ? all.errors / all.requests : 0,
      refusalRate: all.requests ? all.refusals / all.requests : null,
      latencyP95Ms: latency,
      ...(options.perVersion ? { versions: Object.fromEntries([...counters.keys()].map((id) => [id, figures(id)])) } : {}),
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    deployments,
    uploads,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
