/**
 * The signals part of the composition root (R4.5, docs/observability.md): the poller of Prometheus
 * and Datadog gates, the alert webhooks, the readiness of signal sources, and ripcord's own
 * `/metrics`, built once from the app's dependencies. `create-app.ts` calls it and mounts what it
 * returns; nothing here reads the environment.
 */
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import { AlertService, type AlertServiceStores } from '../alerts/alert-service.js';
import { alertRoutes, GENERIC_WEBHOOK_PATH } from '../alerts/alert-routes.js';
import type { TokenService } from '../auth/token-service.js';
import type { SseHub } from '../flags/sse-hub.js';
import type { GateSessionService } from '../ingest/gate-sessions.js';
import type { VerificationSessions } from '../ingest/verification-sessions.js';
import { MetricsRead } from '../metrics/metrics-read.js';
import { countEvaluations, countIngest, metricsRoutes } from '../metrics/metrics-routes.js';
import { RipcordMetrics, type DrillAgeSource } from '../metrics/ripcord-metrics.js';
import type { GatePort } from '../releases/machine/gate-port.js';
import { SignalPoller, type QueryRunner } from './signal-poller.js';
import { withSignals } from './signal-port.js';
import { SignalReadinessChecker } from './signal-readiness.js';
import type { SignalSourceConfig } from './signal-settings.js';
import type { Transact } from '../../db/transaction.js';

/** What the signals part needs from the app. */
export interface SignalsDeps {
  /** For the metrics' read model (plain SQL reads). */
  db: Db;
  stores: AlertServiceStores;
  transact: Transact<AlertServiceStores>;
  clock: Clock;
  config: {
    signalSources?: readonly SignalSourceConfig[];
    metricsAccess?: 'open' | 'token';
    alertWebhookSecret?: string | undefined;
  };
  sessions: GateSessionService;
  /** Restores being verified: alerts reach their alert gates (features/ingest/verification-sessions.ts). */
  verification?: VerificationSessions;
  /** Read lazily (the hub is built after the metrics that count its propagation). */
  hub: Pick<SseHub, 'size'>;
  /** Runs queries (tests may answer them); default: the real Prometheus and Datadog APIs. */
  run?: QueryRunner;
  /** Drill age per workflow, once drills exist (R8.1). */
  drills?: DrillAgeSource;
}

/** The built parts, for `create-app.ts` to mount. */
export interface SignalsWiring {
  poller: SignalPoller;
  alerts: AlertService;
  readiness: SignalReadinessChecker;
  metrics: RipcordMetrics;
  /** The gate port with due signal polls before each evaluation, counted for `/metrics`. */
  gatePort(port: GatePort): GatePort;
  /** Counts `POST /v1/events` answers. */
  countIngest: ReturnType<typeof countIngest>;
  /** Paths under /v1 that authenticate on their own (the signed alert webhook). */
  openPaths: string[];
  routes(tokens: TokenService): ReturnType<typeof alertRoutes>[];
}

/** Builds the signals part. */
export function wireSignals(deps: SignalsDeps): SignalsWiring {
  const poller = new SignalPoller({ sources: deps.config.signalSources ?? [], ...(deps.run ? { run: deps.run } : {}) });
  const alerts = new AlertService({
    transact: deps.transact,
    stores: deps.stores,
    clock: deps.clock,
    sessions: deps.sessions,
    ...(deps.verification ? { verification: deps.verification } : {}),
  });
  const readiness = new SignalReadinessChecker({ poller, alerts, now: () => deps.clock.now() });
  const metrics = new RipcordMetrics({
    read: new MetricsRead({ db: deps.db }),
    sseClients: () => deps.hub.size,
    ...(deps.drills ? { drills: deps.drills } : {}),
  });
  return {
    poller,
    alerts,
    readiness,
    metrics,
    gatePort: (port) =>
      countEvaluations(
        withSignals(port, {
          sessions: deps.sessions,
          poller,
          onPoll: (system, ok) => metrics.signalPolled(system, ok),
        }),
        metrics,
      ),
    countIngest: countIngest(metrics),
    openPaths: [GENERIC_WEBHOOK_PATH],
    routes: (tokens) => [
      alertRoutes({ alerts, tokens, clock: deps.clock, webhookSecret: deps.config.alertWebhookSecret }),
      metricsRoutes({ metrics, access: deps.config.metricsAccess ?? 'token', tokens }),
    ],
  };
}
