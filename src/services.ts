/**
 * The composition root: picks each port's implementation from configuration (local or production)
 * so that business logic never asks which mode it runs in.
 */
import type { ActionConnector } from './actions/connectors/connector';
import { D1SystemOfRecordConnector } from './actions/connectors/d1-connector';
import { WebhookConnector } from './actions/connectors/webhook-connector';
import { AccessIdentityProvider } from './auth/access-auth';
import { DemoIdentityProvider } from './auth/demo-auth';
import type { IdentityProvider } from './auth/identity';
import { ModelGateway, type GatewayContext } from './ai/gateway';
import { LocalProvider } from './ai/local/local-provider';
import { embeddingDimensions, type ProviderName } from './ai/model-catalogue';
import type { ModelProvider } from './ai/provider';
import { WorkersAiProvider, type AiRunner } from './ai/workers-ai-provider';
import { getConfig, type AppConfig } from './config';
import { getDb, type Db } from './db/client';
import { liveSettings, requestSettings, type SettingsReader } from './db/settings';
import { modelInjectionScreen, offlineInjectionScreen, type InjectionScreen } from './guard/injection-screen';
import { startReadSession } from './db/read-session';
import { ConfigError } from './errors';
import { QuerySpeller } from './rag/query-spelling';
import { LocalVectorIndex } from './vector/local-index';
import type { VectorIndex } from './vector/vector-index';
import { VectorizeVectorIndex } from './vector/vectorize-index';

export interface Services {
  config: AppConfig;
  db: Db;
  /** Per request on HTTP doors (one query for all switches and counters); live reads at the system's doors. */
  settings: SettingsReader;
  identity: IdentityProvider;
  providerName: ProviderName;
  gateway(context: GatewayContext): ModelGateway;
  /** The injection screen INJECTION_SCREEN names, calling models (when it does) through the given gateway. */
  injectionScreen(gateway: ModelGateway): InjectionScreen;
  vectors: VectorIndex;
  /** Corrects misspelled retrieval queries against the corpus's own vocabulary. */
  spelling: QuerySpeller;
  connector: ActionConnector;
  /** The D1 session's bookmark after this request's queries, when the services run on a read session. */
  d1Bookmark(): string | null;
}

function modelProvider(env: Env, config: AppConfig): ModelProvider {
  if (config.AI_PROVIDER === 'local') return new LocalProvider();
  if (!env.AI) throw new ConfigError('AI_PROVIDER=workers-ai needs the AI binding');
  return new WorkersAiProvider(env.AI as unknown as AiRunner, config.AI_GATEWAY_ID);
}

function vectorIndex(env: Env, config: AppConfig, db: Db, settings: SettingsReader): VectorIndex {
  if (config.VECTOR_INDEX === 'local') return new LocalVectorIndex(db, env.DB, embeddingDimensions(config.AI_PROVIDER), settings);
  if (!env.VECTORIZE) throw new ConfigError('VECTOR_INDEX=vectorize needs the VECTORIZE binding');
  return new VectorizeVectorIndex(env.VECTORIZE);
}

function actionConnector(config: AppConfig, db: Db, singleAttempt: boolean): ActionConnector {
  if (config.ACTION_CONNECTOR === 'd1') return new D1SystemOfRecordConnector(db);
  return new WebhookConnector({ url: config.ACTION_WEBHOOK_URL!, secret: config.ACTION_WEBHOOK_SECRET!, ...(singleAttempt ? { attempts: 1 } : {}) });
}

export interface ServicesOptions {
  /** Tests swap a port (e.g. a failing provider or connector). */
  modelProvider?: ModelProvider;
  connector?: ActionConnector;
  /**
   * Inside a Workflow step the step owns retries: the gateway tries each model once (still walking the
   * fallback chain) and the webhook connector posts once, so one step cannot multiply calls.
   */
  singleAttempt?: boolean;
  /**
   * HTTP requests read through a D1 session (replicas allowed) started at the bookmark the client carries. The
   * system's own doors (Workflow steps, cron, the session Agent) carry no bookmark, so they stay on the primary.
   */
  readSession?: { bookmark: string | null };
}

/** Builds the services for one env. */
export function createServices(env: Env, options: ServicesOptions = {}): Services {
  const config = getConfig(env);
  const session = options.readSession ? startReadSession(env.DB, options.readSession.bookmark) : null;
  const db = getDb(session ? session.database : env.DB);
  const provider = options.modelProvider ?? modelProvider(env, config);
  const providerName = config.AI_PROVIDER;
  const singleAttempt = options.singleAttempt ?? false;
  const settings = options.readSession ? requestSettings(db) : liveSettings(db);
  return {
    config,
    db,
    settings,
    identity: config.AUTH_MODE === 'demo' ? new DemoIdentityProvider(config, db, env.DB) : new AccessIdentityProvider(config, db),
    providerName,
    gateway: (context) => new ModelGateway({ provider, providerName, db, traceBodies: env.DOCUMENTS, context, ...(singleAttempt ? { retry: { attemptsPerModel: 1 } } : {}) }),
    injectionScreen: (gateway) => (config.INJECTION_SCREEN === 'model' ? modelInjectionScreen(gateway) : offlineInjectionScreen),
    vectors: vectorIndex(env, config, db, settings),
    spelling: new QuerySpeller(db, env.DB, settings),
    connector: options.connector ?? actionConnector(config, db, singleAttempt),
    d1Bookmark: () => session?.bookmark() ?? null,
  };
}
