/**
 * ripcord's own metrics (docs/observability.md): one prom-client registry per app. Counters and
 * histograms of what happens on request and tick paths are incremented through the few methods
 * here; state (releases, decisions, rollbacks, incidents, alerts, SSE clients, drill age) is read
 * at scrape time. Labels are closed sets or workflow names — never request keys, ids or URLs — so
 * cardinality stays bounded.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IncidentTimesRow, LabelledCount, MetricsRead } from './metrics-read.js';

/**
 * Drill age per workflow (R8.1): seconds since each workflow's last passed rollback drill
 * (features/drills implements it).
 */
export interface DrillAgeSource {
  drillAges(): Promise<{ workflow: string; ageSeconds: number }[]>;
}

/** What scrape-time collection reads. */
export interface MetricsSources {
  read: MetricsRead;
  sseClients: () => number;
  drills?: DrillAgeSource;
}

/** Buckets for MTTD / MTTR: seconds to days (targets: MTTD < 30 min, MTTR L1 < 5 min, L2 < 15 min). */
const INCIDENT_BUCKETS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400];
/** Buckets for configuration propagation to SSE clients (seconds; ripcord's goal is far below 1 s). */
const PROPAGATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function setCounts<L extends string>(metric: Gauge<L> | Counter<L>, rows: readonly LabelledCount<L>[]): void {
  metric.reset();
  for (const row of rows)
    if (metric instanceof Gauge) metric.set(row.labels as Partial<Record<L, string>>, row.value);
    else metric.inc(row.labels as Partial<Record<L, string>>, row.value);
}

/** The registry and the call sites' instruments. */
export class RipcordMetrics {
  readonly registry = new Registry();
  private readonly gateEvaluations: Counter<'state' | 'severity'>;
  private readonly ingestEvents: Counter<'result'>;
  private readonly ingestThrottled: Counter;
  private readonly propagation: Histogram;
  private readonly signalQueries: Counter<'system' | 'result'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    // prom-client also exports these three totals as gauges, which the exposition rules (and
    // `promtool check metrics`) reserve for counters; nodejs_active_{handles,requests,resources} stay.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
      this.registry.removeSingleMetric(name);
    this.gateEvaluations = new Counter({
      name: 'ripcord_gate_evaluations_total',
      help: 'Gate evaluations at ticks, by state (passing, breached, inconclusive) and severity.',
      labelNames: ['state', 'severity'],
      registers,
    });
    this.ingestEvents = new Counter({
      name: 'ripcord_ingest_events_total',
      help: 'Ingested events by result: accepted, rejected, duplicate, unattributed.',
      labelNames: ['result'],
      registers,
    });
    this.ingestThrottled = new Counter({
      name: 'ripcord_ingest_throttled_total',
      help: 'Ingest batches refused with 429 (the server was behind; the SDK retries).',
      registers,
    });
    this.propagation = new Histogram({
      name: 'ripcord_config_propagation_seconds',
      help: 'From a configuration revision committed to its bytes written to every connected SSE client of its environment.',
      buckets: PROPAGATION_BUCKETS,
      registers,
    });
    this.signalQueries = new Counter({
      name: 'ripcord_signal_polls_total',
      help: 'Polls of Prometheus and Datadog gates, by system and result (ok, failed).',
      labelNames: ['system', 'result'],
      registers,
    });
    registerCollected(this.registry, sources);
  }

  /** One tick's gate evaluations. */
  gatesEvaluated(evaluations: readonly { state: string; severity: string }[]): void {
    for (const e of evaluations) this.gateEvaluations.inc({ state: e.state, severity: e.severity });
  }

  /** One ingest batch's outcome (accepted or refused with 429). */
  ingested(
    result: { accepted: number; rejected: number; duplicates: number; unattributed: number } | 'throttled',
  ): void {
    if (result === 'throttled') {
      this.ingestThrottled.inc();
      return;
    }
    for (const [name, n] of [
      ['accepted', result.accepted],
      ['rejected', result.rejected],
      ['duplicate', result.duplicates],
      ['unattributed', result.unattributed],
    ] as const)
      if (n > 0) this.ingestEvents.inc({ result: name }, n);
  }

  /** A configuration revision reached every connected client of its environment. */
  propagated(seconds: number): void {
    this.propagation.observe(seconds);
  }

  /** One poll of a signal gate. */
  signalPolled(system: string, ok: boolean): void {
    this.signalQueries.inc({ system, result: ok ? 'ok' : 'failed' });
  }

  /** The exposition text (Prometheus text format 0.0.4). */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Metrics whose values are read at scrape time. */
function registerCollected(registry: Registry, sources: MetricsSources): void {
  registerStoreCounts(registry, sources);
  registerRollbackMetrics(registry, sources);
  registerIncidentMetrics(registry, sources);
  registerLiveGauges(registry, sources);
}

/** Releases by status, decisions by class, alerts by outcome: counts in the store. */
function registerStoreCounts(registry: Registry, sources: MetricsSources): void {
  const registers = [registry];
  new Gauge({
    name: 'ripcord_releases',
    help: 'Releases by status.',
    labelNames: ['status'],
    registers,
    async collect() {
      setCounts(this, await sources.read.releasesByStatus());
    },
  });
  new Counter({
    name: 'ripcord_decisions_total',
    help: 'Decisions recorded by class (rollback-now, investigate, do-not-roll-back, continue, promote).',
    labelNames: ['kind'],
    registers,
    async collect() {
      setCounts(this, await sources.read.decisionsByKind());
    },
  });
  new Gauge({
    name: 'ripcord_alerts',
    help: 'Alerts received, by outcome (matched, unmatched) and current status (firing, resolved).',
    labelNames: ['outcome', 'status'],
    registers,
    async collect() {
      setCounts(this, await sources.read.alertsByOutcome());
    },
  });
}

/** Rollback runs: finished ones by level and result (a counter), running ones by level (a gauge). */
function registerRollbackMetrics(registry: Registry, sources: MetricsSources): void {
  const registers = [registry];
  const runs = sharedRead(() => sources.read.rollbacksByLevel());
  new Counter({
    name: 'ripcord_rollbacks_total',
    help: "Finished rollback runs by level (the plan's highest) and result (succeeded, failed).",
    labelNames: ['level', 'result'],
    registers,
    async collect() {
      setCounts(
        this,
        (await runs()).filter((r) => r.labels.result !== 'running'),
      );
    },
  });
  new Gauge({
    name: 'ripcord_rollbacks_running',
    help: "Rollback runs in progress by level (the plan's highest).",
    labelNames: ['level'],
    registers,
    async collect() {
      const running = (await runs()).filter((r) => r.labels.result === 'running');
      setCounts(
        this,
        running.map((r) => ({ labels: { level: r.labels.level }, value: r.value })),
      );
    },
  });
}

/** SDK streams connected now, and drill age per workflow (features/drills). */
function registerLiveGauges(registry: Registry, sources: MetricsSources): void {
  const registers = [registry];
  new Gauge({
    name: 'ripcord_sse_clients',
    help: 'SDK configuration streams connected now.',
    registers,
    collect() {
      this.set(sources.sseClients());
    },
  });
  new Gauge({
    name: 'ripcord_drill_age_seconds',
    help: "Seconds since each workflow's last passed rollback drill (R8.1).",
    labelNames: ['workflow'],
    registers,
    async collect() {
      this.reset();
      for (const d of (await sources.drills?.drillAges()) ?? []) this.set({ workflow: d.workflow }, d.ageSeconds);
    },
  });
}

/** `read` shared by the metrics of one scrape (they collect concurrently): reused for 1 s. */
function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (last === undefined || now - last.at > 1000) last = { at: now, value: read() };
    return last.value;
  };
}

/** MTTD, MTTR and verification outcomes, from every incident (R8.2), one store read per scrape. */
function registerIncidentMetrics(registry: Registry, sources: MetricsSources): void {
  const registers = [registry];
  const rows = sharedRead(() => sources.read.incidentTimes());
  const histogram = (name: string, help: string, pick: (r: IncidentTimesRow) => number | null) =>
    new Histogram({
      name,
      help,
      buckets: INCIDENT_BUCKETS,
      registers,
      async collect() {
        this.reset();
        for (const r of await rows()) {
          const v = pick(r);
          if (v !== null) this.observe(v);
        }
      },
    });
  histogram(
    'ripcord_incident_mttd_seconds',
    "Time to detect: from the candidate's first exposure to the detection, per incident.",
    (r) => r.mttdSeconds,
  );
  histogram(
    'ripcord_incident_mttr_seconds',
    'Time to restore: from the decision to roll back to the verified restore, per incident.',
    (r) => r.mttrSeconds,
  );
  new Counter({
    name: 'ripcord_verifications_total',
    help: 'Finished rollback verifications by outcome: verified, or failed (escalated to the incident commander).',
    labelNames: ['outcome'],
    registers,
    async collect() {
      this.reset();
      for (const r of await rows()) if (r.verification !== 'pending') this.inc({ outcome: r.verification });
    },
  });
  new Gauge({
    name: 'ripcord_verifications_pending',
    help: 'Rollbacks whose verification window is still open.',
    registers,
    async collect() {
      this.set((await rows()).filter((r) => r.verification === 'pending').length);
    },
  });
}
