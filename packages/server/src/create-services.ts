import type { IngestEvent } from '@ripcord/protocol';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import { bindStores, transactor, type Stores } from './stores.js';
import { ApplyService } from './features/apply/apply-service.js';
import { AuditService } from './features/audit/audit-service.js';
import { TokenService } from './features/auth/token-service.js';
import { RegistryService, type RegistryPort } from './features/bundles/registry-service.js';
import { ConfigService } from './features/flags/config-service.js';
import { ReleaseService } from './features/releases/release-service.js';
import { ReleaseMachine } from './features/releases/machine/release-machine.js';
import type { GatePort } from './features/releases/machine/gate-port.js';
import { httpProbe, type HealthProbe } from './features/releases/readiness/readiness.js';
import { SseHub } from './features/flags/sse-hub.js';
import { GateSessionService, sessionGatePort } from './features/ingest/gate-sessions.js';
import { BaselineRecords } from './features/ingest/baseline-records.js';
import { withRecordedBaseline } from './features/ingest/baseline-start.js';
import { baselineRowReader } from './features/ingest/baseline-store.js';
import { IngestService, type IngestOptions } from './features/ingest/ingest-service.js';
import type { Logger } from './logger.js';
import { RollbackExecutor, type StepHook } from './features/rollbacks/rollback-executor.js';
import { IncidentService } from './features/incidents/incident-service.js';
import { VerificationSessions } from './features/ingest/verification-sessions.js';
import { ReleaseFactsReader } from './features/ingest/release-facts-port.js';
import { NotificationService, type DeliveryOptions } from './features/notifications/notification-service.js';
import type { NotifyTarget } from './features/notifications/notification-model.js';
import { GateHistory, withGateHistory } from './features/dashboard/gate-history.js';
import { ChangeFeed } from './features/dashboard/change-feed.js';
import { wireSignals, type SignalsWiring } from './features/signals/signals-wiring.js';
import { withVerificationSignals } from './features/signals/signal-verification.js';
import type { SignalSourceConfig } from './features/signals/signal-settings.js';
import { DrillService } from './features/drills/drill-service.js';
import { DrillStore } from './features/drills/drill-store.js';
import { DrillScheduler } from './features/drills/drill-schedule.js';
import { ChaosService } from './features/chaos/chaos-service.js';
import { ChaosStore } from './features/chaos/chaos-store.js';
import { ReportService } from './features/report/report-service.js';
import { registerReportMetrics } from './features/report/report-metrics.js';
import { BatchOutputService } from './features/batch-outputs/batch-output-service.js';
import { singleProcess, type LeaderView } from './features/replicas/leadership.js';
import { LeaderTasks } from './features/replicas/leader-tasks.js';

// Service wiring, the first half of the composition root (create-app.ts): which store, port and
// service each service is built from. The HTTP side is mount-routes.ts.

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
  /** Chaos runs (R8.1, features/chaos); create-app.ts binds it to the app (`serveWith`). */
  chaos: ChaosService;
  /** Whether this replica leads (ADR 0014). */
  leader: LeaderView;
  /** Periodic work only the leader does (the release tick; a drill scheduler). */
  leaderTasks: LeaderTasks;
}

/** The services, and the parts only the HTTP routes use besides them. */
export interface Composition {
  services: Services;
  executor: RollbackExecutor;
  reports: ReportService;
  batchOutputs: BatchOutputService;
  gateHistory: GateHistory;
}

/** Builds every store and service from the app's dependencies, in dependency order. */
export function createServices(deps: AppDeps): Composition {
  const core = wireCore(deps);
  const evidence = wireEvidence(deps, core);
  const operations = wireOperations(deps, core, evidence);
  const { gateHistory, batchOutputs, executor, machine } = wireMachine(deps, core, evidence, operations);
  const { notifications, incidents, hub, drills, signals, reports } = operations;
  const { db, stores, leader, transact, tokens, config, registry, releases } = core;
  const { gateSessions, observers } = evidence;
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
    chaos: new ChaosService({
      ...{ transact, stores, clock: deps.clock, config, probe: deps.probe ?? httpProbe, tokens, notifications },
      ...{ chaos: new ChaosStore({ db }), gates: sessionGatePort(gateSessions) },
      ...(deps.actuators?.secrets ? { secrets: deps.actuators.secrets } : {}),
    }),
    leader,
    leaderTasks: new LeaderTasks({ leader, logger: deps.logger }),
  };
  return { services, executor, reports, batchOutputs, gateHistory };
}

type Core = ReturnType<typeof wireCore>;
type Evidence = ReturnType<typeof wireEvidence>;
type Operations = ReturnType<typeof wireOperations>;

/** The stores, the transaction over them, and the services of tokens, configuration, registry and releases. */
function wireCore(deps: AppDeps) {
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
  return { db, stores, leader, transact, tokens, config, registry, releases };
}

/** What ingest gathers as evidence: gate sessions, baselines, restore verifications, release facts. */
function wireEvidence(deps: AppDeps, { db, stores, transact }: Core) {
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
  return { baselines, gateSessions, verification, observers, facts };
}

/**
 * What watches and answers releases: notifications and incidents, the SSE hub, rollback drills,
 * the signals (alerts, polls, `/metrics`) and the effectiveness report. One scope: the hub reports
 * to the signals' metrics, which are built after it.
 */
function wireOperations(
  deps: AppDeps,
  { db, stores, transact, config }: Core,
  { gateSessions, verification, facts }: Evidence,
) {
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
    // Signal-fed gates are polled on the restored route before each reading (the poller is built below).
    verification: withVerificationSignals(verification, {
      sessions: verification,
      poller: () => signals.poller,
      onPoll: (system, ok) => signals.metrics.signalPolled(system, ok),
    }),
    exposure: facts,
  });
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
    verification,
    hub,
    drills,
  });
  // The effectiveness report (R8.2): API, CLI and the ripcord_report_* gauges on /metrics.
  const reports = new ReportService({ stores, drills: drillStore, clock: deps.clock });
  registerReportMetrics(signals.metrics.registry, reports);
  return { notifications, incidents, hub, drillStore, drills, signals, reports };
}

/** The release state machine, and what it drives releases with besides the services above. */
function wireMachine(
  deps: AppDeps,
  { db, stores, transact, config, registry }: Core,
  { baselines, gateSessions, facts }: Evidence,
  { notifications, incidents, signals, drills }: Operations,
) {
  // Every tick's gate readings, for the dashboard's chart (features/dashboard, issue 18).
  const gateHistory = new GateHistory({ stores, logger: deps.logger });
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
  return { gateHistory, batchOutputs, executor, machine };
}
