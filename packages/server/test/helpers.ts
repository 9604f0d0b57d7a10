import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, inject } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ManualClock } from '../src/clock.js';
import { createApp, type AppDeps, type Services } from '../src/create-app.js';
import { openPglite, openPostgres, type Database } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { bindStores, type Stores } from '../src/stores.js';
import type { GatePort } from '../src/features/releases/machine/gate-port.js';
import type { NotifyTarget } from '../src/features/notifications/notification-model.js';
import type { HealthProbe } from '../src/features/releases/readiness/readiness.js';

/** The engines the contract suite runs on: PGlite always, PostgreSQL when a URL is provided. */
export type Engine = 'pglite' | 'postgres';

/** Engines available in this run. */
export function availableEngines(): Engine[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, migrated database on `engine`; PostgreSQL gets a scratch database dropped on close. */
export async function openTestDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') {
    const snapshot = fs.readFileSync(inject('pgliteSnapshot'));
    return openPglite({ loadDataDir: new Blob([snapshot]) });
  }
  const base = inject('postgresUrl');
  const name = `ripcord_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** The admin token every test app is seeded with. */
export const adminToken = 'test-admin-token-0123456789';

/** An app on a fresh store with a manual clock and a known admin token. */
export interface TestApp {
  app: ReturnType<typeof createApp>['app'];
  services: Services;
  clock: ManualClock;
  database: Database;
  /** Calls the app in process; JSON bodies are serialised; the admin token is used unless given. */
  call: (method: string, path: string, body?: unknown, token?: string | null) => Promise<{ status: number; body: any }>;
  close: () => Promise<void>;
}

/** Builds a test app on `engine`. */
export async function createTestApp(
  engine: Engine = 'pglite',
  options: {
    cooldownMs?: number;
    database?: Database;
    probe?: HealthProbe;
    gates?: GatePort;
    notify?: { targets: NotifyTarget[]; secret: string };
    /** More of the app's settings (signal sources, metrics access, the alert webhook's secret). */
    config?: Partial<AppDeps['config']>;
    /** Who leads (replica tests); default: this process alone. */
    leader?: AppDeps['leader'];
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await openTestDatabase(engine));
  const clock = new ManualClock('2026-05-02T09:00:00.000Z');
  const logger = createLogger({ level: 'silent' });
  const { app, services } = createApp({
    database,
    clock,
    logger,
    config: {
      bodyLimitBytes: 256 * 1024,
      cooldownMs: options.cooldownMs ?? 72 * 3600e3,
      ...(options.notify ? { notifyTargets: options.notify.targets, webhookSecret: options.notify.secret } : {}),
      ...options.config,
    },
    probe: options.probe ?? (() => Promise.resolve({ ok: true, detail: 'HTTP 200 (test probe)' })),
    ...(options.gates ? { gates: options.gates } : {}),
    ...(options.leader ? { leader: options.leader } : {}),
  });
  await services.tokens.bootstrap(adminToken);
  const call: TestApp['call'] = async (method, path, body, token = adminToken) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { app, services, clock, database, call, close: () => database.close() };
}

/** The documents of an example file shipped in the project's examples/. */
export function exampleDocuments(
  name: 'support-summary' | 'ride-pricing' | 'actuators/ride-pricing-kserve',
  options: { includeReleases?: boolean } = {},
): Record<string, unknown>[] {
  const text = fs.readFileSync(new URL(`../../../examples/${name}.yaml`, import.meta.url), 'utf8');
  const docs = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
  return options.includeReleases ? docs : docs.filter((d) => d.kind !== 'Release');
}

/**
 * A fresh store on `engine` for each test of the enclosing suite, closed after it: `use` receives
 * the stores and the database (for transactions) before every test.
 */
export function eachStore(engine: Engine, use: (stores: Stores, database: Database) => void): void {
  let database: Database | undefined;
  beforeEach(async () => {
    database = await openTestDatabase(engine);
    use(bindStores(database.db), database);
  });
  afterEach(async () => database?.close());
}
