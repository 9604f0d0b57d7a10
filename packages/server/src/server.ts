import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { systemClock, type Clock } from './clock.js';
import { resolveConfig, type ServerConfig, type ServerOptions } from './config.js';
import { createApp, type Services } from './create-app.js';
import { openPglite, openPostgres, type Database } from './db/database.js';
import { lockDataDir, type DataDirLock } from './db/lockfile.js';
import { createLogger, type Logger } from './logger.js';
import type { StepHook } from './features/rollbacks/rollback-executor.js';
import type { HealthProbe } from './features/releases/readiness.js';
import { actuatorSecretsFrom } from './features/rollbacks/actuator-schema.js';

/** A running control plane. */
export interface RunningServer {
  url: string;
  config: ServerConfig;
  services: Services;
  database: Database;
  logger: Logger;
  /** Stops accepting connections, lets requests in flight finish (up to `graceMs`), closes the store. */
  stop(graceMs?: number): Promise<void>;
}

/** Where a generated admin token is kept (mode 0600) so the CLI on this machine can use it. */
export function adminTokenFile(dataDir: string): string {
  return path.join(dataDir, 'admin-token');
}

/**
 * Starts the control plane: resolves configuration, takes the data-directory lock (embedded
 * store), opens and migrates the store, creates the first admin token, and listens.
 */
export async function startServer(
  options: ServerOptions = {},
  env: Record<string, string | undefined> = {},
  extra: {
    clock?: Clock;
    logDestination?: NodeJS.WritableStream;
    announce?: (line: string) => void;
    /** Called at every rollback step boundary (crash tests). */
    onRollbackStep?: StepHook;
    /** Health probe for readiness (tests and the demo may answer it themselves). */
    probe?: HealthProbe;
  } = {},
): Promise<RunningServer> {
  const config = resolveConfig(options, env);
  const logger = createLogger({
    level: config.logLevel,
    ...(extra.logDestination ? { destination: extra.logDestination } : {}),
  });
  const announce = extra.announce ?? ((line: string) => process.stderr.write(`${line}\n`));
  let lock: DataDirLock | undefined;
  let database: Database;
  if (config.databaseUrl) {
    database = await openPostgres(config.databaseUrl);
  } else {
    lock = lockDataDir(config.dataDir);
    try {
      database = await openPglite({ dataDir: path.join(config.dataDir, 'pgdata') });
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const clock = extra.clock ?? systemClock;
  const { app, services } = createApp({
    database,
    clock,
    logger,
    config,
    ...(extra.onRollbackStep ? { onRollbackStep: extra.onRollbackStep } : {}),
    ...(extra.probe ? { probe: extra.probe } : {}),
    actuators: { secrets: actuatorSecretsFrom(env) },
  });
  const boot = await services.tokens.bootstrap(config.adminToken);
  // A rollback a crash interrupted resumes before anything else moves.
  const resumed = await services.machine.resumeRuns();
  if (resumed.length > 0) logger.warn({ runs: resumed.map((r) => r.runId) }, 'resumed interrupted rollback runs');
  // Gate sessions of running releases come back from their last commit before any event arrives.
  const sessions = await services.gateSessions.load();
  if (sessions > 0) logger.info({ sessions }, 'gate sessions restored');
  // So do the verifications of restores (R7.2) still within their window.
  const verifying = await services.incidents.resume();
  if (verifying > 0) logger.info({ verifying }, 'restore verifications resumed');
  if (boot.kind === 'generated') announceToken(boot.token, config, announce);

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info(
    { url, store: database.engine, dataDir: config.databaseUrl ? undefined : config.dataDir },
    'ripcord control plane listening',
  );

  // Time moves releases only through the tick; a failed tick is logged and the next one retries.
  const ticker = setInterval(() => {
    services.machine.tick().catch((error: unknown) => logger.error({ err: error }, 'tick failed'));
  }, config.tickMs);
  ticker.unref();
  // Notifications left in the outbox by a previous run are delivered first (at least once, same key).
  services.notifications.start();
  if (config.notifyTargets.length > 0)
    logger.info({ targets: services.notifications.targets.map((t) => `${t.kind}:${t.display}`) }, 'notifications on');

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5000) =>
    (stopping ??= (async () => {
      clearInterval(ticker);
      services.hub.close();
      await closeServer(server, graceMs);
      await flushGates(services, graceMs, logger);
      await services.notifications.stop();
      await database.close();
      lock?.release();
      logger.info('ripcord control plane stopped');
    })());
  return { url, config, services, database, logger, stop };
}

function announceToken(token: string, config: ServerConfig, announce: (line: string) => void): void {
  const lines = ['', 'ripcord: first start, created an admin token. It is shown this once:', '', `  ${token}`, ''];
  if (!config.databaseUrl) {
    const file = adminTokenFile(config.dataDir);
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
    lines.push(`It is also saved in ${file} (mode 0600), where the ripcord CLI on this machine finds it.`, '');
  }
  lines.push('Use it as: export RIPCORD_TOKEN=<token>   (or pass --token)', '');
  for (const line of lines) announce(line);
}

/** Persists what only memory holds (evaluation timers, probes); gives up after `graceMs`. */
async function flushGates(services: Services, graceMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  const flushed = services.gateSessions.flush().then(
    () => 'flushed' as const,
    () => 'failed' as const,
  );
  const result = await Promise.race([flushed, late]);
  clearTimeout(timer);
  if (result !== 'flushed') {
    services.gateSessions.abandon('the server stopped before the gate state could be stored');
    logger.error('gate state not flushed at shutdown: the store did not answer in time');
  }
}

async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
