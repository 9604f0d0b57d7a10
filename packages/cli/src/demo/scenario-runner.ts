/**
 * Runs one scenario in lockstep simulated time. Each step advances the control plane's clock by
 * one evaluation tick, serves the requests that fall in that tick through the simulated app (SDK
 * route → model route → report), flushes the reports (the server answers 202 once they are in the
 * gate state), and calls `services.machine.tick()` — the tick the server runs on its own timer.
 * Configuration changes are followed until the app's SDK applies them. After a rollback the app
 * keeps serving while the server verifies the restore; then the stored records are checked.
 */
import type { Arm } from '@ripcord/protocol';
import type { ApiClient } from '../client.js';
import type { ApiResult, Release, ReleaseDecision, TimelineEntry } from '@ripcord/protocol/api';
import type { ControlPlane } from './control-plane.js';
import type { DemoSink, GateLine, Incident } from './demo-events.js';
import { buildIncident } from './incident-report.js';
import { ModelClient } from './model-client.js';
import { PortInUseError, startModelService, type ModelService } from './model-service.js';
import {
  checkOutcome,
  describeExpectation,
  describeOutcome,
  readIncident,
  readRecords,
  storedFlagValue,
  type StoredRecords,
} from './outcome-check.js';
import type { Scenario } from './scenarios.js';
import { seededRandom, type Random } from './seeded-random.js';
import { SimulatedApp, type ArmTally, type PlannedRequest } from './simulated-app.js';

/** What every scenario shares. */
export interface RunContext {
  cp: ControlPlane;
  sdkToken: string;
  /** API clients of the workflow owners, by token subject. */
  owners: ReadonlyMap<string, ApiClient>;
  /** Simulated seconds per real second, or as fast as possible. */
  speed: number | 'max';
  tickMs: number;
  seed: number;
  emit: DemoSink;
  number: number;
  of: number;
  /** Simulated minutes between status lines. */
  statusEveryMinutes: number;
  /** Simulated minutes after a restore within which the server must have verified it. */
  verifyWithinMinutes: number;
  /** Features each ride-pricing bundle's pipeline declares, by bundle version. */
  featuresByBundle: ReadonlyMap<string, readonly string[]>;
  /** Health URLs each bundle declares, by bundle version. */
  healthByBundle: ReadonlyMap<string, readonly string[]>;
  /** Stops the scenario at the next tick. */
  signal?: AbortSignal;
}

/** How a scenario ended. */
export interface ScenarioResult {
  scenario: Scenario;
  releaseId: string | null;
  ok: boolean;
  expected: string;
  actual: string;
  failures: string[];
  incident: Incident | null;
  /** Whether the application's own checks of the restore passed (null: no restore to check). */
  appCheckPassed: boolean | null;
  records: StoredRecords | null;
  /** The app's tallies, per phase and arm. */
  tallies: Record<string, Record<Arm, ArmTally>>;
  requests: number;
  simulatedSeconds: number;
  realSeconds: number;
}

/** A result in the making: what is known so far, and the failures. */
type ResultFields = Partial<ScenarioResult> & { failures: string[] };

const MINUTE = 60_000;
const terminal = new Set(['promoted', 'rolled-back', 'aborted']);

/** Runs one scenario to its end (or its time limit) and checks the outcome. Never throws. */
export async function runScenario(s: Scenario, ctx: RunContext): Promise<ScenarioResult> {
  const realStart = performance.now();
  const { cp, emit } = ctx;
  const simStart = cp.clock.now().getTime();
  const services: ModelService[] = [];
  let app: SimulatedApp | undefined;
  const result = (partial: ResultFields): ScenarioResult => ({
    scenario: s,
    releaseId: null,
    ok: partial.failures.length === 0,
    expected: describeExpectation(s),
    actual: 'not run',
    incident: null,
    appCheckPassed: null,
    records: null,
    tallies: app?.tallies ?? {},
    requests: requestsOf(app),
    simulatedSeconds: Math.round((cp.clock.now().getTime() - simStart) / 1000),
    realSeconds: Math.round((performance.now() - realStart) / 100) / 10,
    ...partial,
  });

  try {
    const { releases } = await cp.admin.get<ApiResult<'listReleases'>>('/v1/releases', { workflow: s.workflow });
    const release = releases.find((r) => r.name === s.release);
    if (release === undefined) return result({ failures: [`release ${s.release} of ${s.workflow} was not applied`] });
    emit({
      type: 'scenario.started',
      scenario: s.id,
      number: ctx.number,
      of: ctx.of,
      title: s.title,
      story: s.story,
      workflow: s.workflow,
      release: s.release,
      control: release.spec.control,
      candidate: release.spec.candidate,
      requestsPerSecond: s.requestsPerSecond,
      at: cp.clock.now().toISOString(),
    });
    const models = new Map<string, string>();
    for (const m of s.models) {
      const service = await startModel(m, ctx.seed, emit);
      services.push(service);
      models.set(m.bundle, service.url);
    }
    app = new SimulatedApp({
      kind: s.kind,
      workflow: s.workflow,
      environment: release.environment,
      server: cp.url,
      sdkToken: ctx.sdkToken,
      models,
      featuresByBundle: ctx.featuresByBundle,
      seed: ctx.seed,
      ...(s.reviewShare === undefined ? {} : { reviewShare: s.reviewShare }),
    });
    await app.start();
    const run = new ScenarioRun(s, ctx, release, app, simStart);
    const failures = await run.drive();
    return result(await run.finish(failures));
  } catch (error) {
    return result({ failures: [`the scenario stopped: ${(error as Error).message}`] });
  } finally {
    await app?.close();
    await Promise.all(services.map((m) => m.close()));
  }
}

function requestsOf(app: SimulatedApp | undefined): number {
  let n = 0;
  for (const byArm of Object.values(app?.tallies ?? {})) n += byArm.control.requests + byArm.candidate.requests;
  return n;
}

/** Starts a model route; a taken fixed port is reported and a free one used instead. */
async function startModel(m: Scenario['models'][number], seed: number, emit: DemoSink): Promise<ModelService> {
  const options = { model: m.model, behaviour: m.behaviour, seed };
  try {
    return await startModelService(m.port === undefined ? options : { ...options, port: m.port });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    emit({
      type: 'warning',
      message:
        `127.0.0.1:${error.port} is in use, so ${m.model} runs on a free port instead. Its bundle declares ` +
        `http://127.0.0.1:${error.port}/healthz as its health check: readiness and verification probe whatever answers there.`,
    });
    return startModelService(options);
  }
}

/** The mutable state of one scenario run. */
class ScenarioRun {
  private readonly rng: Random;
  private readonly owner: ApiClient;
  private carry = 0;
  private seq = 0;
  private timelineSeen = 0;
  private readonly decisionsSeen = new Set<string>();
  private lastStage = -1;
  private lastDecision: string | null = null;
  private nextStatusAt: number;
  private restoredAt: number | null = null;
  private propagationMs: number | null = null;
  /** When (real time) the last configuration change began: the evaluation tick, or the start call. */
  private tickStartedAt = 0;
  private readonly realStart = performance.now();
  private readonly deadline: number;
  private current: Release;

  constructor(
    private readonly s: Scenario,
    private readonly ctx: RunContext,
    release: Release,
    private readonly app: SimulatedApp,
    private readonly simStart: number,
  ) {
    this.rng = seededRandom(ctx.seed + ctx.number * 7919);
    this.owner = ctx.owners.get(s.owner) ?? ctx.cp.admin;
    this.current = release;
    this.nextStatusAt = simStart + ctx.statusEveryMinutes * MINUTE;
    this.deadline = simStart + s.maxMinutes * MINUTE;
  }

  private get now(): number {
    return this.ctx.cp.clock.now().getTime();
  }

  private at(): string {
    return this.ctx.cp.clock.now().toISOString();
  }

  /** Starts the release and steps time until it is promoted, or rolled back and verified, or time runs out. */
  async drive(): Promise<string[]> {
    this.tickStartedAt = performance.now();
    const started = await this.owner.post<ApiResult<'startRelease'>>(`/v1/releases/${this.current.id}/start`);
    const plan = started.readiness.plan;
    this.ctx.emit({
      type: 'release.started',
      scenario: this.s.id,
      at: this.at(),
      actor: this.s.owner,
      started: started.started,
      blockers: started.readiness.blockers,
      warnings: started.readiness.warnings,
      rollbackEstimate: plan?.estimate.text ?? null,
      rollbackLevel: plan?.level ?? null,
      rollbackRefusals: (plan?.refusals ?? []).map((r) => r.reason),
    });
    if (!started.started) return [`the release did not start: ${started.readiness.blockers.join('; ')}`];
    await this.follow(true);
    while (this.now < this.deadline) {
      if (this.ctx.signal?.aborted === true) return ['the demo was interrupted'];
      await this.step();
      const status = this.current.status;
      if (status === 'promoted' || status === 'aborted') return [];
      if (status === 'paused')
        return [`the release paused instead of ending: ${JSON.stringify(this.current.state.pause?.reason ?? null)}`];
      if (status !== 'rolled-back') continue;
      if (this.restoredAt === null) {
        this.restoredAt = this.now;
        this.app.setPhase('verification');
      }
      // The server verifies the restore over its window (issue 6); the app keeps serving meanwhile.
      const incident = await readIncident(this.ctx.cp.admin, this.current.id);
      if (incident !== null && incident.incident.status !== 'verifying') return [];
      if (this.now - this.restoredAt >= this.ctx.verifyWithinMinutes * MINUTE)
        return [
          incident === null
            ? 'no incident was opened for the rollback'
            : `the incident was still verifying ${this.ctx.verifyWithinMinutes} simulated minutes after the restore`,
        ];
    }
    return [`the release was still ${this.current.status} after ${this.s.maxMinutes} simulated minutes`];
  }

  /** One evaluation tick of simulated time. */
  private async step(): Promise<void> {
    const { cp, tickMs } = this.ctx;
    const from = this.now;
    const to = from + tickMs;
    cp.clock.set(new Date(to));
    await this.app.serve(this.plan(from, to));
    this.app.emitLabels(new Date(to));
    await this.app.flush();
    this.tickStartedAt = performance.now();
    const results = await cp.server.services.machine.tick(new Date(to));
    const mine = results.find((r) => r.release === this.current.id);
    const decision = mine?.decision ?? null;
    const changed = mine !== undefined && (mine.action !== 'none' || decision !== this.lastDecision);
    this.lastDecision = decision;
    if (changed) await this.follow(mine.action !== 'none');
    else if (this.current.status === 'rolled-back') await this.follow(false);
    if (this.now >= this.nextStatusAt && !terminal.has(this.current.status)) {
      this.nextStatusAt += this.ctx.statusEveryMinutes * MINUTE;
      await this.status();
    }
    await this.pace();
  }

  /** The requests of one tick: a steady rate, stratified times, keys drawn uniformly. */
  private plan(from: number, to: number): PlannedRequest[] {
    this.carry += (this.s.requestsPerSecond * (to - from)) / 1000;
    const n = Math.floor(this.carry);
    this.carry -= n;
    const out: PlannedRequest[] = [];
    for (let i = 0; i < n; i++) {
      const at = from + ((i + this.rng.next()) / n) * (to - from);
      const key = `${this.s.keyPrefix}-${String(Math.floor(this.rng.next() * this.s.keys)).padStart(5, '0')}`;
      this.seq += 1;
      // Short ids: a release with late-label gates keeps every request id in its stored gate state.
      out.push({ requestId: `${this.ctx.number}.${this.seq.toString(36)}`, key, at: new Date(Math.floor(at)) });
    }
    return out;
  }

  /** Keeps simulated time from running faster than `--speed`. */
  private async pace(): Promise<void> {
    const speed = this.ctx.speed;
    if (speed === 'max') return;
    const ahead = (this.now - this.simStart) / speed - (performance.now() - this.realStart);
    if (ahead > 1) await new Promise((r) => setTimeout(r, ahead));
  }

  /** Reads the release after a change: decisions and timeline entries; follows a new configuration to the SDK. */
  private async follow(configChanged: boolean): Promise<void> {
    const shown = await this.ctx.cp.admin.get<ApiResult<'getRelease'>>(`/v1/releases/${this.current.id}`);
    this.current = shown.release;
    const propagation = configChanged ? await this.propagate() : null;
    for (const d of shown.decisions) this.emitDecision(d);
    const fresh = shown.timeline.slice(this.timelineSeen);
    this.timelineSeen = shown.timeline.length;
    for (const entry of fresh) await this.emitTimeline(entry, propagation);
    if (shown.release.stage !== this.lastStage && !terminal.has(shown.release.status)) {
      this.lastStage = shown.release.stage;
      const stage = shown.release.spec.plan[shown.release.stage];
      if (stage !== undefined && 'offline' in stage) await this.recordOffline();
    }
  }

  private emitDecision(d: ReleaseDecision): void {
    if (this.decisionsSeen.has(d.id)) return;
    this.decisionsSeen.add(d.id);
    this.ctx.emit({
      type: 'decision',
      scenario: this.s.id,
      at: d.at,
      kind: d.kind,
      gates: 'gates' in d.evidence ? d.evidence.gates : [],
      reasoning: d.reasoning,
    });
  }

  private async emitTimeline(entry: TimelineEntry, propagation: number | null): Promise<void> {
    const { emit } = this.ctx;
    const details = entry.details;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    if (entry.kind === 'release.stage-started') {
      const index = Number(details.stage);
      emit({
        type: 'stage',
        scenario: this.s.id,
        at: entry.at,
        stage: index + 1,
        of: this.current.spec.plan.length,
        kind: String(details.kind),
        percent: typeof details.percent === 'number' ? details.percent : null,
        propagationMs: propagation,
      });
    } else if (entry.kind.startsWith('rollback.') && entry.kind !== 'rollback.started') {
      // A run's start is told with its outcome (`rollback.executed`), as the run reports it.
      if (entry.kind === 'rollback.executed') this.propagationMs = propagation;
      await this.status();
      emit({
        type: 'rollback',
        scenario: this.s.id,
        at: entry.at,
        status: entry.kind.slice('rollback.'.length),
        actor: entry.actor,
        level: String(details.level),
        steps: list(details.steps),
        refusals: list(details.refusals),
        cannotUndo: list(details.cannotUndo),
        propagationMs: propagation,
      });
    } else if (/^(notify|approval|verification)\./.test(entry.kind)) {
      emit({ type: 'timeline', scenario: this.s.id, at: entry.at, kind: entry.kind, actor: entry.actor, details });
    } else if (entry.kind === 'release.promoted') {
      const { labels } = await this.ctx.cp.admin.get<ApiResult<'listLabels'>>(
        `/v1/workflows/${this.s.workflow}/labels`,
        { environment: this.current.environment },
      );
      emit({
        type: 'promoted',
        scenario: this.s.id,
        at: entry.at,
        production: labels.find((l) => l.label === 'production')?.bundleVersion ?? null,
        previous: labels.find((l) => l.label === 'previous')?.bundleVersion ?? null,
      });
    }
  }

  /** The offline stage: records the offline evaluation's evidence so the stage can complete. */
  private async recordOffline(): Promise<void> {
    const evidence = this.s.offlineEvidence;
    if (evidence === undefined)
      throw new Error(`scenario ${this.s.id} has an offline stage but no offline evidence to record`);
    await this.owner.post(`/v1/releases/${this.current.id}/offline-evidence`, evidence);
    this.ctx.emit({
      type: 'offline.evidence',
      scenario: this.s.id,
      at: this.at(),
      tasks: evidence.tasks,
      passed: evidence.passed,
    });
  }

  /** Real ms from the start of the last change (a tick, or the start call) until the app's SDK applied the current revision. */
  private async propagate(): Promise<number | null> {
    const config = await this.ctx.cp.admin
      .get<ApiResult<'getWorkflowConfig'>>(
        `/v1/workflows/${this.s.workflow}/environments/${this.current.environment}/config`,
      )
      .catch(() => null);
    const ms = config === null ? null : await this.app.propagation(this.tickStartedAt, config.revision);
    return ms === null ? null : Math.round(ms * 10) / 10;
  }

  /** A status line: stage, traffic, and every gate with its numbers. */
  private async status(): Promise<void> {
    const gates = await this.ctx.cp.admin
      .get<ApiResult<'getReleaseGates'>>(`/v1/releases/${this.current.id}/gates`)
      .catch(() => null);
    const rollout = this.app.tallies.rollout;
    const stage = this.current.spec.plan[this.current.stage];
    const kind = stage === undefined ? this.current.status : (Object.keys(stage)[0] ?? '?');
    const percent = stage?.canary?.percent === undefined ? '' : ` ${stage.canary.percent} %`;
    this.ctx.emit({
      type: 'status',
      scenario: this.s.id,
      at: this.at(),
      stage: `${this.current.stage + 1}/${this.current.spec.plan.length} ${kind}${percent}`,
      requests: (rollout?.control.requests ?? 0) + (rollout?.candidate.requests ?? 0),
      candidateRequests: rollout?.candidate.requests ?? 0,
      counts: gates?.counts ?? null,
      gates: (gates?.gates ?? []).map((g): GateLine => ({
        gate: g.gate,
        state: g.state,
        severity: g.severity,
        statistic: g.statistic,
        threshold: g.threshold,
        control: g.control,
        samples: g.samples,
        sentence: g.sentence,
      })),
    });
  }

  /** Reads the stored records, checks what the app saw after a restore, and judges the outcome. */
  async finish(failures: string[]): Promise<ResultFields> {
    const records = await readRecords(this.ctx.cp.admin, this.current.id);
    if (this.ctx.signal?.aborted === true)
      return { releaseId: this.current.id, failures, actual: describeOutcome(records), records };
    let appCheckPassed: boolean | null = null;
    if (this.restoredAt !== null) {
      const checks = await this.appChecks(records);
      appCheckPassed = checks.every((c) => c.ok);
      const server = records.incident?.incident;
      this.ctx.emit({
        type: 'verification',
        scenario: this.s.id,
        at: this.at(),
        passed: appCheckPassed && (server?.status === 'verified' || server?.status === 'closed'),
        server: server === undefined ? null : { status: server.status, failures: server.verification?.failures ?? [] },
        checks,
      });
    }
    const candidate = this.app.tallies.rollout?.candidate;
    const incident =
      candidate === undefined
        ? null
        : buildIncident({
            records,
            server: records.incident,
            candidate,
            propagationMs: this.propagationMs,
            outputs: this.s.outputs,
          });
    if (incident !== null) this.ctx.emit({ type: 'incident', scenario: this.s.id, ...incident });
    const all = [...failures, ...checkOutcome(this.s, records, appCheckPassed)];
    if (this.app.transportFailures > 0)
      all.push(`${this.app.transportFailures} model calls failed at the network level`);
    const stats = this.app.reportStats();
    if (stats.rejected + stats.failed + stats.dropped > 0)
      all.push(
        `outcome reporting lost events: ${stats.rejected} rejected, ${stats.failed} failed, ${stats.dropped} dropped`,
      );
    return {
      releaseId: this.current.id,
      failures: all,
      actual: describeOutcome(records),
      incident,
      appCheckPassed,
      records,
    };
  }

  /** What the application itself sees after the restore: routing, flags, health, the metric back at baseline. */
  private async appChecks(records: StoredRecords): Promise<{ check: string; ok: boolean; detail: string }[]> {
    const checks: { check: string; ok: boolean; detail: string }[] = [];
    const control = this.current.spec.control;
    const after = this.app.tallies.verification;
    const before = this.app.tallies.rollout;
    const served = (after?.control.requests ?? 0) + (after?.candidate.requests ?? 0);
    const onControl = after?.control.bundles.size === 1 && after.control.bundles.has(control);
    checks.push({
      check: 'traffic',
      ok: served > 0 && (after?.candidate.requests ?? 0) === 0 && onControl,
      detail: `${served} requests after the restore, ${after?.candidate.requests ?? 0} on the candidate, served by ${[...(after?.control.bundles ?? [])].join(', ') || 'nothing'}`,
    });
    const config = records.config;
    const sdkRevision = this.app.revision;
    checks.push({
      check: 'configuration',
      ok: config !== null && sdkRevision >= config.revision,
      detail: `the SDK serves revision ${sdkRevision}, the server's is ${config?.revision ?? 'unknown'}`,
    });
    const expect = this.s.expect;
    if (expect.status === 'rolled-back') {
      for (const [key, value] of Object.entries(expect.flags ?? {})) {
        const seen = this.app.route('verification-probe').flags[key];
        checks.push({
          check: `flag ${key}`,
          ok: seen === value && storedFlagValue(config, key) === value,
          detail: `the SDK serves ${JSON.stringify(seen)}`,
        });
      }
      if (expect.flags?.['ai.action.mode'] === 'draft-only' && after !== undefined) {
        checks.push({
          check: 'no automatic writes',
          ok: after.control.writesExecuted === 0,
          detail: `${after.control.writesDrafted} refunds drafted for review, ${after.control.writesExecuted} executed`,
        });
      }
      checks.push(metricBack(expect.verify, before?.control, after?.control));
    }
    const probe = new ModelClient();
    for (const url of this.ctx.healthByBundle.get(control) ?? []) {
      const ok = await probe.healthy(url);
      checks.push({ check: 'health', ok, detail: `${url} ${ok ? 'answers' : 'does not answer'}` });
    }
    probe.close();
    return checks;
  }
}

/** Whether the metric whose gate fired is back at the control's baseline on post-restore traffic. */
function metricBack(
  metric: 'schema' | 'prediction',
  baseline: ArmTally | undefined,
  after: ArmTally | undefined,
): { check: string; ok: boolean; detail: string } {
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  if (after === undefined || baseline === undefined)
    return { check: 'baseline', ok: false, detail: 'no traffic to compare' };
  if (metric === 'schema') {
    const rate = after.schemaFailures / Math.max(1, after.schemaChecked);
    const base = baseline.schemaFailures / Math.max(1, baseline.schemaChecked);
    return {
      check: 'schema failures back to baseline',
      ok: after.schemaChecked >= 100 && rate <= Math.max(0.01, 2 * base),
      detail: `${pct(rate)} of ${after.schemaChecked} outputs after the restore (control before: ${pct(base)})`,
    };
  }
  const mean = after.predictionSum / Math.max(1, after.predictions);
  const base = baseline.predictionSum / Math.max(1, baseline.predictions);
  return {
    check: 'predictions back to baseline',
    ok: after.predictions >= 100 && Math.abs(mean - base) / base < 0.03,
    detail: `mean surge ${mean.toFixed(3)} over ${after.predictions} predictions after the restore (control before: ${base.toFixed(3)})`,
  };
}
