import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { sql } from 'drizzle-orm';
import type { IngestEvent } from '@ripcord/protocol';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import { bindStores, transactor, type Stores } from './stores.js';
import { ApplyService } from './features/apply/apply-service.js';
import { applyRoutes } from './features/apply/apply-routes.js';
import { AuditService } from './features/audit/audit-service.js';
import { auditRoutes } from './features/audit/audit-routes.js';
import { TokenService } from './features/auth/token-service.js';
import { tokenRoutes } from './features/auth/token-routes.js';
import { bundleRoutes } from './features/bundles/bundle-routes.js';
import { labelRoutes } from './features/bundles/label-routes.js';
import { RegistryService, type RegistryPort } from './features/bundles/registry-service.js';
import { ConfigService } from './features/flags/config-service.js';
import { ReleaseService } from './features/releases/release-service.js';
import { ReleaseMachine } from './features/releases/machine/release-machine.js';
import { releaseReferenceRoutes } from './features/releases/release-reference-routes.js';
import { releaseRoutes } from './features/releases/release-routes.js';
import { releaseRollbackRoutes } from './features/releases/release-rollback-routes.js';
import type { GatePort } from './features/releases/machine/gate-port.js';
import { httpProbe, type HealthProbe } from './features/releases/readiness/readiness.js';
import { configRoutes } from './features/flags/config-routes.js';
import { sdkRoutes } from './features/flags/sdk-routes.js';
import { SseHub } from './features/flags/sse-hub.js';
import { GateSessionService, sessionGatePort } from './features/ingest/gate-sessions.js';
import { BaselineRecords } from './features/ingest/baseline-records.js';
import { withRecordedBaseline } from './features/ingest/baseline-start.js';
import { baselineRowReader } from './features/ingest/baseline-store.js';
import { gateRoutes } from './features/ingest/gate-routes.js';
import { IngestService, type IngestOptions } from './features/ingest/ingest-service.js';
import { ingestRoutes } from './features/ingest/ingest-routes.js';
import { authenticate } from './http/auth.js';
import { createErrorHandler, errorResponse } from './http/errors.js';
import type { AppEnv } from './http/types.js';
import type { Logger } from './logger.js';
import { RollbackExecutor, type StepHook } from './features/rollbacks/rollback-executor.js';
import { IncidentService } from './features/incidents/incident-service.js';
import { rollbackRoutes } from './features/rollbacks/rollback-routes.js';
import { VerificationSessions } from './features/ingest/verification-sessions.js';
import { ReleaseFactsReader } from './features/ingest/release-facts-port.js';
import { NotificationService, type DeliveryOptions } from './features/notifications/notification-service.js';
import type { NotifyTarget } from './features/notifications/notification-model.js';
import { incidentRoutes } from './features/incidents/incident-routes.js';
import { OperationsService } from './features/operations/operations-service.js';
import { operationsRoutes } from './features/operations/operations-routes.js';
import { validationHook } from './http/errors.js';
import { OPENAPI_PATH, registerOpenApi } from './http/openapi-document.js';
import { GateHistory, withGateHistory } from './features/dashboard/gate-history.js';
import { ChangeFeed } from './features/dashboard/change-feed.js';
import { dashboardRoutes } from './features/dashboard/dashboard-routes.js';
import { ofrepRoutes } from './features/ofrep/ofrep-routes.js';
import { wireSignals, type SignalsWiring } from './features/signals/signals-wiring.js';
import type { SignalSourceConfig } from './features/signals/signal-settings.js';
import { DrillService } from './features/drills/drill-service.js';
import { DrillStore } from './features/drills/drill-store.js';
import { DrillScheduler } from './features/drills/drill-schedule.js';
import { drillRoutes } from './features/drills/drill-routes.js';
import { ChaosService } from './features/chaos/chaos-service.js';
import { ChaosStore } from './features/chaos/chaos-store.js';
import { chaosRoutes } from './features/chaos/chaos-routes.js';
import { ReportService } from './features/report/report-service.js';
import { reportRoutes } from './features/report/report-routes.js';
import { registerReportMetrics } from './features/report/report-metrics.js';
import { runbookRoutes } from './features/runbook/runbook-routes.js';
import { BatchOutputService } from './features/batch-outputs/batch-output-service.js';
import { batchOutputRoutes } from './features/batch-outputs/batch-output-routes.js';
import { singleProcess, type LeaderView } from './features/replicas/leadership.js';
import { LeaderTasks } from './features/replicas/leader-tasks.js';
import { forwardToLeader } from './features/replicas/forward.js';

/** Everything the app is built from. */
export interface AppDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  config: {
    bodyLimitBytes: number;
    cooldownMs: number;
    notifyTargets?: readonly NotifyTarget[];
    webhookSecret?: string | undefined;
    incidentChannel?: string | undefined;
    /** Signal sources, `/metrics` access and the alert webhook's secret (features/signals, alerts, metrics). */
    signalSources?: readonly SignalSourceConfig[];
    metricsAccess?: 'open' | 'token';
    alertWebhookSecret?: string | undefined;
  };
  /** Health probe for readiness and verification (tests inject one; default: HTTP GET). */
  probe?: HealthProbe;
  /** Gate sessions the release state machine evaluates (tests may script them). */
  gates?: GatePort;
  /** Called at every rollback step boundary (the crash tests kill the process there). */
  onRollbackStep?: StepHook;
  /** Actuator secrets (by variable name) and retry tuning for rollback actuators (features/rollbacks). */
  actuators?: { secrets?: Readonly<Record<string, string>>; actuatorBackoffMs?: number };
  /** Ingest bounds (tests make them small); defaults in features/ingest/ingest-service.ts. */
  ingest?: Partial<IngestOptions>;
  /** Notification delivery tuning (tests shorten it); defaults in features/notifications/notification-service.ts. */
  notifications?: Partial<DeliveryOptions>;
  /** Who leads among replicas on one PostgreSQL (features/replicas, ADR 0014); default: this process alone. */
  leader?: LeaderView;
}

/** The services the app wires together; tests and the CLI's in-process server use them directly. */
export interface Services {
  stores: Stores;
  tokens: TokenService;
  registry: RegistryPort;
  apply: ApplyService;
  audit: AuditService;
  config: ConfigService;
  hub: SseHub;
  releases: ReleaseService;
  machine: ReleaseMachine;
  incidents: IncidentService;
  notifications: NotificationService;
  gateSessions: GateSessionService;
  ingest: IngestService;
  /** What changed in the store, for the dashboard's live feed (features/dashboard). */
  changes: ChangeFeed;
  /** Alerts in, signal polls, readiness of sources, and `/metrics` (R4.5). */
  signals: SignalsWiring;
  /** Rollback drills (R8.1, features/drills). */
  drills: DrillService;
  /** Runs or announces due drills; ticked beside the releases (server.ts). */
  drillSchedule: DrillScheduler;
  /** Chaos runs (R8.1, features/chaos). */
  chaos: ChaosService;
  /** Whether this replica leads (ADR 0014). */
  leader: LeaderView;
  /** Periodic work only the leader does (the release tick; a drill scheduler). */
  leaderTasks: LeaderTasks;
}

/** The one composition root: builds stores, services and the HTTP app from its dependencies. */
export function createApp(deps: AppDeps): { app: OpenAPIHono<AppEnv>; services: Services } {
  const { db } = deps.database;
  const stores = bindStores(db);
  const leader = deps.leader ?? singleProcess;
  // Each service gets the stores it declares and a transaction over them (all bound to `db`).
  const transact = transactor(db);
  const tokens = new TokenService({ stores, transact, clock: deps.clock });
  const config = new ConfigService({ stores, transact, clock: deps.clock });
  const registry = new RegistryService<Stores>({
    transact,
    stores,
    clock: deps.clock,
    cooldownMs: deps.config.cooldownMs,
    // The production label decides the control bundle every SDK serves.
    onLabelMoved: async (s, move, actor, reason) => {
      if (move.label !== 'production') return undefined;
      const revision = await config.controlChanged(s, move, move.version, actor, reason);
      return () => config.afterCommit(revision);
    },
  });
  const releases = new ReleaseService({ stores, clock: deps.clock });
  // The control route's 7-day latency records (baseline_p95_7d), persisted by the gate sessions' commit.
  const baselines = new BaselineRecords({ clock: deps.clock, logger: deps.logger, read: baselineRowReader(db) });
  const gateSessions = new GateSessionService({
    transact,
    stores,
    clock: deps.clock,
    logger: deps.logger,
    rider: baselines,
  });
  const verification = new VerificationSessions({ stores, logger: deps.logger });
  // Ingest offers every first-seen event to the restore verifications and to the baseline records.
  const observers = {
    offer: (event: IngestEvent) => {
      verification.offer(event);
      baselines.offer(event);
    },
  };
  // What ingest counted of each candidate: blast radius and write side effects.
  const facts = new ReleaseFactsReader(gateSessions);
  const notifications = new NotificationService({
    stores,
    clock: deps.clock,
    logger: deps.logger,
    targets: deps.config.notifyTargets ?? [],
    secret: deps.config.webhookSecret,
    incidentChannel: deps.config.incidentChannel,
    ...(deps.notifications ? { delivery: deps.notifications } : {}),
  });
  const incidents = new IncidentService({
    stores,
    clock: deps.clock,
    config,
    probe: deps.probe ?? httpProbe,
    notifications,
    verification,
    exposure: facts,
  });
  // Every tick's gate readings, for the dashboard's chart (features/dashboard, issue 18).
  const gateHistory = new GateHistory({ stores, logger: deps.logger });
  const hub = new SseHub({ config, onPropagated: (seconds) => signals.metrics.propagated(seconds) });
  // Rollback drills: the same planner and executor, confined to a drill segment (features/drills).
  const drillStore = new DrillStore({ db });
  const drills = new DrillService({
    transact,
    stores,
    clock: deps.clock,
    config,
    probe: deps.probe ?? httpProbe,
    drills: drillStore,
    ...(deps.actuators?.secrets ? { secrets: deps.actuators.secrets } : {}),
    ...(deps.actuators?.actuatorBackoffMs !== undefined ? { actuatorBackoffMs: deps.actuators.actuatorBackoffMs } : {}),
  });
  const signals = wireSignals({
    db,
    stores,
    transact,
    clock: deps.clock,
    config: deps.config,
    sessions: gateSessions,
    hub,
    drills,
  });
  // The effectiveness report (R8.2): API, CLI and the ripcord_report_* gauges on /metrics.
  const reports = new ReportService({ stores, drills: drillStore, clock: deps.clock });
  registerReportMetrics(signals.metrics.registry, reports);
  // Batch outputs (R5.4): a rollback plan lists the bad version's outputs to invalidate.
  const batchOutputs = new BatchOutputService({ db, stores, clock: deps.clock });
  const executor = new RollbackExecutor({
    transact,
    stores,
    clock: deps.clock,
    config,
    ...(deps.onRollbackStep ? { onStep: deps.onRollbackStep } : {}),
    ...(deps.actuators ?? {}),
  });
  const machine = new ReleaseMachine({
    notifications,
    transact,
    stores,
    clock: deps.clock,
    config,
    registry,
    gates: withGateHistory(
      deps.gates ?? signals.gatePort(withRecordedBaseline(sessionGatePort(gateSessions), gateSessions, baselines)),
      gateHistory,
    ),
    signals: signals.readiness,
    probe: deps.probe ?? httpProbe,
    logger: deps.logger,
    incidents,
    executor,
    facts,
    drills,
    batchOutputs,
  });
  const services: Services = {
    stores,
    tokens,
    registry,
    apply: new ApplyService({ transact, registry, releases }),
    releases,
    machine,
    incidents,
    notifications,
    audit: new AuditService({ stores }),
    config,
    hub,
    gateSessions,
    ingest: new IngestService(
      { sessions: gateSessions, stores, clock: deps.clock, verification: observers },
      deps.ingest,
    ),
    changes: new ChangeFeed({ db, logger: deps.logger }),
    signals,
    drills,
    drillSchedule: new DrillScheduler({ stores, drills, notifications }),
    // Chaos runs: drills' dependencies plus the gate sessions, an SDK token and this app's own fetch.
    chaos: new ChaosService({
      ...{ transact, stores, clock: deps.clock, config, probe: deps.probe ?? httpProbe, tokens, notifications },
      ...{ chaos: new ChaosStore({ db }), gates: sessionGatePort(gateSessions), fetch: (r) => app.fetch(r) },
      ...(deps.actuators?.secrets ? { secrets: deps.actuators.secrets } : {}),
    }),
    leader,
    leaderTasks: new LeaderTasks({ leader, logger: deps.logger }),
  };

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(requestId({ headerName: 'x-request-id' }));
  app.use(requestLog(deps.logger));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: deps.config.bodyLimitBytes,
      onError: (c) =>
        errorResponse(
          c as Context<AppEnv>,
          'payload_too_large',
          `the request body is larger than ${deps.config.bodyLimitBytes} bytes`,
        ),
    }),
  );
  app.use('/v1/*', requireJsonBodies);
  app.use('/v1/*', rejectNulCharacters);
  // A follower hands every acting request to the leader (features/replicas/forward.ts).
  app.use('/v1/*', forwardToLeader(leader, deps.logger));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await db.execute(sql`select 1`);
      return c.json({ status: 'ready', store: deps.database.engine, role: leader.role });
    } catch {
      return errorResponse(c, 'unavailable', 'the store is not reachable');
    }
  });
  registerOpenApi(app);
  app.use('/v1/events', signals.countIngest);
  app.use('/v1/*', authenticate(tokens, { except: [OPENAPI_PATH, ...signals.openPaths] }));
  for (const routes of [
    bundleRoutes(registry),
    labelRoutes(registry),
    applyRoutes(services.apply),
    tokenRoutes(tokens),
    auditRoutes(services.audit, async (id) => {
      const incident = await stores.incidents.get(id);
      return stores.releases.get(incident?.releaseId ?? id);
    }),
    configRoutes(config),
    sdkRoutes(config, services.hub),
    releaseRoutes(releases, machine),
    releaseRollbackRoutes(releases, machine),
    releaseReferenceRoutes(releases, machine),
    incidentRoutes(incidents, (id) => stores.releases.get(id)),
    rollbackRoutes({ stores, machine, executor }),
    operationsRoutes(new OperationsService({ stores, config, registry, machine })),
    drillRoutes(drills),
    chaosRoutes(services.chaos),
    reportRoutes(reports),
    runbookRoutes({ stores, clock: deps.clock }),
    batchOutputRoutes(batchOutputs),
    ingestRoutes(services.ingest),
    gateRoutes({ sessions: gateSessions, findRelease: (id) => stores.releases.get(id), clock: deps.clock }),
    ...dashboardRoutes({ history: gateHistory, changes: services.changes, stores, machine, ...deps }),
    ...signals.routes(tokens),
  ]) {
    app.route('/', routes);
  }
  app.route('/', ofrepRoutes({ config, tokens, bodyLimitBytes: deps.config.bodyLimitBytes }));
  app.notFound((c) => errorResponse(c, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError(createErrorHandler(deps.logger));
  return { app, services };
}

/** A request body on /v1 must be JSON (NDJSON where a route says so); anything else is a 415. */
const requireJsonBodies: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE' || method === 'OPTIONS') return next();
  const type = c.req.header('content-type') ?? '';
  const length = c.req.header('content-length');
  if (length === '0' || (type === '' && length === undefined && !c.req.raw.body)) return next();
  if (/^application\/(json|x-ndjson)\b/i.test(type) || /\+json\b/i.test(type)) return next();
  return errorResponse(
    c,
    'unsupported_media_type',
    `send the body as application/json (got "${type || 'no content type'}")`,
  );
};

/**
 * PostgreSQL text and jsonb cannot hold NUL characters; rather than fail deep in the store, a
 * request carrying one (in its URL or JSON body) is refused up front with a 400.
 */
const rejectNulCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  const nulInUrl = /%00/i.test(c.req.url);
  const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'DELETE';
  const nulInBody = hasBody && (await c.req.text()).includes('\\u0000');
  if (nulInUrl || nulInBody)
    return errorResponse(c, 'bad_request', 'NUL characters (\\u0000) are not allowed in names or values');
  return next();
};

function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms,
        actor: principal?.subject,
      },
      'request',
    );
  };
}
