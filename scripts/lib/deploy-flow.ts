/**
 * The gated rollout behind `npm run deploy`: local eval gate → upload a version → eval that version with the
 * production models before it serves anyone (version-override routing at 0 %) → canary at a small percentage,
 * watched on live metrics → 100 %, or back to the previous version with the reason. Every outside effect goes
 * through `DeployDeps`, so the whole flow runs offline against a fake wrangler and a fake target.
 */
import { canaryBreaches, metricsSnapshotSchema, readCanary, type CanaryConfig, type CanaryReading, type MetricsSnapshot } from './canary-check';

export interface WranglerResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Entries wrangler wrote to WRANGLER_OUTPUT_FILE_PATH (its machine-readable output). */
  output: Record<string, unknown>[];
}

export interface DeployDeps {
  wrangler(args: string[]): Promise<WranglerResult>;
  /** Runs `scripts/eval.mjs` with these arguments and extra environment; resolves to its exit code. */
  evaluate(args: string[], env: Record<string, string>): Promise<number>;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  log(line: string): void;
}

export interface DeployConfig {
  /** The wrangler environment (`--env`). */
  env: string;
  /** The deployed Worker's name, the key of the version-override header. */
  workerName: string;
  /** Where the Worker serves, e.g. https://rag.example.com (behind Access). */
  targetUrl: string;
  gitSha: string;
  appVersion: string;
  goldenVersion: string;
  access?: { clientId: string; clientSecret: string };
  canary: CanaryConfig;
  /** How long to wait for a new deployment to reach the edge before the override must work. */
  propagation?: { attempts: number; delayMs: number };
}

export type DeployOutcome =
  | { outcome: 'promoted'; versionId: string; previousVersionId: string }
  | { outcome: 'failed-local-gate'; reason: string }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'failed-before-traffic'; reason: string; versionId?: string; previousVersionId: string }
  | { outcome: 'rolled-back'; reason: string; versionId: string; previousVersionId: string };

class StepFailed extends Error {}

/** The marker a version reports as `version` in /api/health, proving which version answered. */
export const versionMarker = (config: Pick<DeployConfig, 'appVersion' | 'gitSha'>) => `${config.appVersion}+${config.gitSha.slice(0, 12)}`;

export async function runDeploy(config: DeployConfig, deps: DeployDeps): Promise<DeployOutcome> {
  const say = (line: string) => deps.log(`deploy: ${line}`);
  say(`1/6 local eval gate (embedded models, golden set ${config.goldenVersion})`);
  if ((await deps.evaluate(['--subset', 'full'], {})) !== 0) {
    return { outcome: 'failed-local-gate', reason: 'the local eval gate failed (evals/report.md); nothing was uploaded' };
  }

  const previous = await currentVersion(config, deps);
  if ('refused' in previous) return { outcome: 'refused', reason: previous.refused };
  const previousVersionId = previous.versionId;
  const wrangler = async (args: string[], what: string) => {
    const result = await deps.wrangler([...args, '--env', config.env]);
    if (result.code !== 0) throw new StepFailed(`${what} failed (wrangler exit ${result.code}): ${lastLine(result.stderr || result.stdout)}`);
    return result;
  };
  const deploy = (split: string[], message: string, what: string) =>
    wrangler(['versions', 'deploy', ...split, '--message', message.slice(0, 100), '--yes'], what);

  say(`2/6 upload a version of ${config.workerName} (serving: ${previousVersionId})`);
  let versionId: string;
  try {
    const upload = await wrangler(
      ['versions', 'upload', '--tag', `${config.gitSha.slice(0, 7)}-golden-${config.goldenVersion}`, '--message', `git ${config.gitSha} · golden set ${config.goldenVersion}`, '--var', `APP_VERSION:${versionMarker(config)}`],
      'versions upload',
    );
    versionId = uploadedVersionId(upload);
  } catch (err) {
    return { outcome: 'failed-before-traffic', reason: message(err), previousVersionId };
  }

  const undo = async (reason: string): Promise<DeployOutcome> => {
    say(`taking ${versionId} out of the deployment: ${reason}`);
    const back = await deps.wrangler(['versions', 'deploy', `${previousVersionId}@100%`, '--message', `withdrawn before traffic: ${reason}`.slice(0, 100), '--yes', '--env', config.env]);
    if (back.code !== 0) say(`could not remove it (wrangler exit ${back.code}); it serves 0 % of traffic, so users are unaffected`);
    return { outcome: 'failed-before-traffic', reason, versionId, previousVersionId };
  };

  try {
    say(`3/6 eval ${versionId} with the production models before it serves users (0 %, version override)`);
    await deploy([`${previousVersionId}@100%`, `${versionId}@0%`], `stage ${versionId} at 0% for its eval`, 'staging the version at 0 %');
    await confirmOverride(config, deps, versionId);
    say(`override confirmed: ${versionId} answers as ${versionMarker(config)}; running the production eval`);
    const evalEnv = {
      ...accessEnv(config),
      EVAL_VERSION_OVERRIDE: overrideHeader(config, versionId),
      EVAL_VERSION_ID: versionId,
      EVAL_GIT_SHA: config.gitSha,
    };
    if ((await deps.evaluate(['--target', config.targetUrl, '--subset', 'production', '--record-pass'], evalEnv)) !== 0) {
      throw new StepFailed(`the production eval of ${versionId} failed (evals/report.md)`);
    }
  } catch (err) {
    if (err instanceof StepFailed) return undo(err.message);
    throw err;
  }

  const { percentage } = config.canary;
  let before: MetricsSnapshot;
  try {
    before = await metrics(config, deps);
    say(`4/6 canary: ${versionId} at ${percentage} %, watched for ${config.canary.windowSeconds} s`);
    await deploy([`${previousVersionId}@${100 - percentage}%`, `${versionId}@${percentage}%`], `canary ${versionId} at ${percentage}%`, 'starting the canary');
  } catch (err) {
    return undo(message(err));
  }

  const rollback = async (reason: string): Promise<DeployOutcome> => {
    say(`ROLLING BACK to ${previousVersionId}: ${reason}`);
    const back = await deps.wrangler(['versions', 'deploy', `${previousVersionId}@100%`, '--message', `rollback: ${reason}`.slice(0, 100), '--yes', '--env', config.env]);
    if (back.code !== 0) say(`ROLLBACK FAILED (wrangler exit ${back.code}): run \`npx wrangler rollback ${previousVersionId} --env ${config.env}\` now`);
    return { outcome: 'rolled-back', reason, versionId, previousVersionId };
  };

  const verdict = await watchCanary(config, deps, before, versionId);
  if (verdict) return rollback(verdict);

  say(`5/6 promote ${versionId} to 100 %`);
  try {
    await deploy([`${versionId}@100%`], `promote ${versionId}: eval and canary passed`, 'promoting to 100 %');
  } catch (err) {
    return rollback(message(err));
  }
  say(`6/6 done: ${versionId} serves 100 % (previous ${previousVersionId}); commit golden/baseline-production.json, the new production baseline`);
  return { outcome: 'promoted', versionId, previousVersionId };
}

/** Polls live metrics for the window; returns why the canary failed, or null when it passed. */
async function watchCanary(config: DeployConfig, deps: DeployDeps, before: MetricsSnapshot, versionId: string): Promise<string | null> {
  const { windowSeconds, intervalSeconds, minRequests } = config.canary;
  let last: CanaryReading | null = null;
  for (let waited = 0; waited < windowSeconds; waited += intervalSeconds) {
    await deps.sleep(Math.min(intervalSeconds, windowSeconds - waited) * 1000);
    try {
      last = readCanary(before, await metrics(config, deps), versionId);
    } catch (err) {
      deps.log(`deploy:   metrics unavailable (${message(err)}); still watching`);
      continue;
    }
    const shown = Object.entries(last.values).map(([k, v]) => `${k}=${v ?? 'not measured'}`).join(' ');
    deps.log(`deploy:   ${last.requests} requests (${last.source === 'version' ? 'this version' : 'whole deployment'}) ${shown}`);
    if (last.requests < minRequests) continue;
    const breaches = canaryBreaches(last, config.canary);
    if (breaches.length) return `canary breached ${breaches.join('; ')}`;
  }
  if (!last || last.requests < minRequests) {
    return `canary not measured: ${last?.requests ?? 0} requests in ${windowSeconds} s, fewer than the ${minRequests} required`;
  }
  return null;
}

async function currentVersion(config: DeployConfig, deps: DeployDeps): Promise<{ versionId: string } | { refused: string }> {
  const status = await deps.wrangler(['deployments', 'status', '--json', '--env', config.env]);
  if (status.code !== 0) {
    return { refused: `no current deployment to protect (${lastLine(status.stderr || status.stdout)}); deploy the first version with \`npx wrangler deploy --env ${config.env}\`` };
  }
  const versions = parseJson<{ versions?: { version_id: string; percentage: number }[] }>(status.stdout)?.versions ?? [];
  if (versions.length !== 1 || versions[0]!.percentage !== 100) {
    const split = versions.map((v) => `${v.version_id}@${v.percentage}%`).join(', ') || 'unreadable';
    return { refused: `a gradual deployment is in progress (${split}); finish it or roll it back first` };
  }
  return { versionId: versions[0]!.version_id };
}

function uploadedVersionId(upload: WranglerResult): string {
  const entry = upload.output.find((e) => e.type === 'version-upload');
  const id = typeof entry?.version_id === 'string' ? entry.version_id : /Worker Version ID:\s*(\S+)/.exec(upload.stdout)?.[1];
  if (!id) throw new StepFailed('versions upload reported no version id');
  return id;
}

/** The override is applied only once the new deployment has reached the edge; until then the old version answers. */
async function confirmOverride(config: DeployConfig, deps: DeployDeps, versionId: string): Promise<void> {
  const { attempts, delayMs } = config.propagation ?? { attempts: 10, delayMs: 3000 };
  const want = versionMarker(config);
  let seen = 'no answer';
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await deps.sleep(delayMs);
    try {
      const res = await deps.fetch(`${config.targetUrl}/api/health`, { headers: { ...accessHeaders(config), 'Cloudflare-Workers-Version-Overrides': overrideHeader(config, versionId) } });
      const body = (await res.json()) as { version?: string };
      if (body.version === want) return;
      seen = `HTTP ${res.status}, version ${body.version ?? 'none'}`;
    } catch (err) {
      seen = message(err);
    }
  }
  throw new StepFailed(`the version override never reached ${versionId}: /api/health answered ${seen}, expected version ${want}`);
}

async function metrics(config: DeployConfig, deps: DeployDeps): Promise<MetricsSnapshot> {
  const res = await deps.fetch(`${config.targetUrl}/api/metrics?hours=1`, { headers: accessHeaders(config) });
  if (!res.ok) throw new StepFailed(`GET /api/metrics answered HTTP ${res.status}`);
  return metricsSnapshotSchema.parse(await res.json());
}

/** Structured-header dictionary: the Worker's name, the version id as a quoted string. */
export const overrideHeader = (config: Pick<DeployConfig, 'workerName'>, versionId: string) => `${config.workerName}="${versionId}"`;

function accessHeaders(config: DeployConfig): Record<string, string> {
  return config.access ? { 'CF-Access-Client-Id': config.access.clientId, 'CF-Access-Client-Secret': config.access.clientSecret } : {};
}

function accessEnv(config: DeployConfig): Record<string, string> {
  return config.access ? { CF_ACCESS_CLIENT_ID: config.access.clientId, CF_ACCESS_CLIENT_SECRET: config.access.clientSecret } : {};
}

function parseJson<T>(text: string): T | null {
  const start = text.indexOf('{');
  try {
    return start < 0 ? null : (JSON.parse(text.slice(start, text.lastIndexOf('}') + 1)) as T);
  } catch {
    return null;
  }
}

const lastLine = (text: string) => text.trim().split('\n').filter(Boolean).pop() ?? 'no output';
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
