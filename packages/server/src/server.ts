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
import type { HealthProbe } from './features/releases/readiness/readiness.js';
import { actuatorSecretsFrom } from './features/rollbacks/actuator-schema.js';
import { describeSource } from './features/signals/signal-settings.js';
import { systemPrincipal } from './features/auth/principal.js';
import { Leadership } from './features/replicas/leadership.js';
import { RevisionFeed } from './features/flags/revision-feed.js';
import { assertPortFree, listenError, postgresError } from './startup-errors.js';

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

/** What tests and the demo may give a server besides its options. */
export interface StartExtras {
  clock?: Clock;
  logDestination?: NodeJS.WritableStream;
  announce?: (line: string) => void;
  /** Called at every rollback step boundary (crash tests). */
  onRollbackStep?: StepHook;
  /** Health probe for readiness (tests and the demo may answer it themselves). */
  probe?: HealthProbe;
  /** What to do when this replica loses leadership (default: log and exit with code 3). */
  onLeadershipLost?: (reason: string) => void;
  /** How often a follower tries for leadership (default 500 ms). */
  leaderPollMs?: number;
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
  extra: StartExtras = {},
): Promise<RunningServer> {
  const config = resolveConfig(options, env);
  const logger = createLogger({
    level: config.logLevel,
    ...(extra.logDestination ? { destination: extra.logDestination } : {}),
  });
  const announce = extra.announce ?? ((line: string) => process.stderr.write(`${line}\n`));
  // A busy port is found before anything else happens (no store opened, no first-start token shown);
  // the listen below still reports one that is taken in between.
  await assertPortFree(config);
  let lock: DataDirLock | undefined;
  let database: Database;
  const databaseUrl = config.databaseUrl;
  if (databaseUrl) {
    database = await openPostgres(databaseUrl).catch((error: unknown) => {
      throw postgresError(databaseUrl, error);
    });
  } else {
    lock = lockDataDir(config.dataDir);
    try {
      database = await openPglite({ dataDir: path.join(config.dataDir, 'pgdata') });
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  try {
    return await listen(config, env, database, lock, logger, announce, extra);
  } catch (error) {
    // Nothing may stay behind a failed start: not the store's connections, not the data-directory lock.
    await database.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}

/** Everything after the store is open: services, resumption, the listening socket, the tick. */
async function listen(
  config: ServerConfig,
  env: Record<string, string | undefined>,
  database: Database,
  lock: DataDirLock | undefined,
  logger: Logger,
  announce: (line: string) => void,
  extra: StartExtras,
): Promise<RunningServer> {
  const clock = extra.clock ?? systemClock;
  // On PostgreSQL every replica elects one leader; PGlite is one process, always the leader.
  let advertised = config.advertiseUrl ?? '';
  const replicas = database.postgres;
  const leadership =
    replicas &&
    new Leadership({
      databaseUrl: replicas.url,
      logger,
      advertiseUrl: () => advertised,
      setFence: (token) => replicas.setFence(token),
      onElected: () => takeOver(services, logger),
      onLost: extra.onLeadershipLost ?? ((reason) => exitOnLostLeadership(logger, reason)),
      ...(extra.leaderPollMs !== undefined ? { pollMs: extra.leaderPollMs } : {}),
    });
  const { app, services } = createApp({
    database,
    clock,
    logger,
    config,
    ...(extra.onRollbackStep ? { onRollbackStep: extra.onRollbackStep } : {}),
    ...(extra.probe ? { probe: extra.probe } : {}),
    ...(leadership ? { leader: leadership } : {}),
    actuators: { secrets: actuatorSecretsFrom(env) },
  });
  // Time moves releases only through the tick, on the leader; a failed tick is logged and the next one retries.
  services.leaderTasks.every('tick', config.tickMs, () => services.machine.tick());
  // Due rollback drills are run or announced on the same schedule, by the same node (features/drills).
  services.leaderTasks.every('drills', config.tickMs, () => services.drillSchedule.tick());
  const boot = await services.tokens.bootstrap(config.adminToken);
  if (!leadership) await takeOver(services, logger);
  // Revisions other replicas commit reach this one's SDK streams (LISTEN/NOTIFY, then catch-up).
  const feed = replicas && new RevisionFeed({ databaseUrl: replicas.url, config: services.config, logger });
  await feed?.start();
  // Before listening: a start that then fails must still have shown (and saved) the only copy of the token.
  if (boot.kind === 'generated') announceToken(boot.token, config, announce);

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    services.hub.close();
    services.gateSessions.abandon('the server did not start');
    services.leaderTasks.stop();
    await feed?.stop();
    throw listenError(config, error);
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  advertised ||= url;
  leadership?.start();
  announceListening(url, config, database, services, logger, announce);

  const stop = stopOnce({ server, services, feed, leadership, database, lock, logger });
  return { url, config, services, database, logger, stop };
}

/** What a leader holds in memory and does alone, restored from the store (at boot, or on failover). */
async function takeOver(services: Services, logger: Logger): Promise<void> {
  // A rollback a crash (or the previous leader's death) interrupted resumes before anything else moves.
  const resumed = await services.machine.resumeRuns();
  if (resumed.length > 0) logger.warn({ runs: resumed.map((r) => r.runId) }, 'resumed interrupted rollback runs');
  // A drill a crash interrupted has left its segment moved: put it back and record the drill failed.
  const drills = await services.drills.recoverInterrupted(systemPrincipal);
  if (drills.length > 0)
    logger.warn({ drills: drills.map((d) => d.id) }, 'restored the segments of interrupted drills');
  const chaos = await services.chaos.recoverInterrupted(systemPrincipal);
  if (chaos.length > 0)
    logger.warn({ chaos: chaos.map((c) => c.id) }, 'restored the segments of interrupted chaos runs');
  // Gate sessions of running releases come back from their last commit before any event arrives.
  const sessions = await services.gateSessions.load();
  if (sessions > 0) logger.info({ sessions }, 'gate sessions restored');
  // So do the verifications of restores (R7.2) still within their window.
  const verifying = await services.incidents.resume();
  if (verifying > 0) logger.info({ verifying }, 'restore verifications resumed');
  // Notifications left in the outbox by a previous run are delivered first (at least once, same key).
  services.notifications.start();
  services.leaderTasks.start();
}

/** Says where the control plane listens, and what it was configured with. */
function announceListening(
  url: string,
  config: ServerConfig,
  database: Database,
  services: Services,
  logger: Logger,
  announce: (line: string) => void,
): void {
  logger.info(
    { url, store: database.engine, dataDir: config.databaseUrl ? undefined : config.dataDir },
    'ripcord control plane listening',
  );
  announce(`ripcord: the dashboard is at ${url}/ui/ (sign in with a token, e.g. the admin token)`);
  if (config.signalSources.length > 0)
    logger.info({ sources: config.signalSources.map(describeSource) }, 'signal sources configured');
  if (config.notifyTargets.length > 0)
    logger.info({ targets: services.notifications.targets.map((t) => `${t.kind}:${t.display}`) }, 'notifications on');
}

/** The running server's `stop`: the shutdown order, done once however often it is called. */
function stopOnce(parts: {
  server: Server;
  services: Services;
  feed: RevisionFeed | undefined;
  leadership: Leadership | undefined;
  database: Database;
  lock: DataDirLock | undefined;
  logger: Logger;
}): (graceMs?: number) => Promise<void> {
  const { server, services, feed, leadership, database, lock, logger } = parts;
  let stopping: Promise<void> | undefined;
  return (graceMs = 5000) =>
    (stopping ??= (async () => {
      services.leaderTasks.stop();
      services.hub.close();
      services.changes.shutdown();
      await closeServer(server, graceMs);
      await flushGates(services, graceMs, logger);
      await services.notifications.stop();
      await feed?.stop();
      // The lock goes last: nothing this replica still writes can race its successor.
      await leadership?.stop();
      await database.close();
      lock?.release();
      logger.info('ripcord control plane stopped');
    })());
}

/** A deposed leader does not step down in place: it exits, to be restarted as a follower (ADR 0014). */
function exitOnLostLeadership(logger: Logger, reason: string): void {
  logger.fatal({ reason }, 'leadership lost: exiting so that a supervisor restarts this replica as a follower');
  process.stderr.write(`ripcord: leadership lost (${reason}); exiting\n`);
  process.exit(3);
}

function announceToken(token: string, config: ServerConfig, announce: (line: string) => void): void {
  const lines = ['', 'ripcord: first start, created an admin token. It is shown this once:', '', `  ${token}`, ''];
  // With PostgreSQL too (issue 14): else the CLI here would send whatever an earlier embedded store left.
  const file = adminTokenFile(config.dataDir);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // a file left by an earlier start keeps its mode otherwise
  lines.push(
    `It is also saved in ${file} (mode 0600), where the ripcord CLI run in this directory finds it`,
    `(from anywhere: ripcord config set-context NAME --server URL --token-file ${file} --use).`,
    '',
  );
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
