/**
 * Runs one scenario in lockstep simulated time: each step advances the control plane's clock by
 * one evaluation tick, serves the requests that fall in that tick through the simulated app (SDK
 * route → model route → report), flushes the reports (the server answers 202 once they are in the
 * gate state), and calls `services.machine.tick()` — the same tick the server runs on its own
 * timer. Configuration changes are followed until the app's SDK serves them. After a rollback the
 * app keeps serving for a verification window; then the stored records are checked.
 */
import type { Arm } from '@ripcord/protocol';
import type { ApiClient } from '../client.js';
import type {
  ConfigShown,
  DecisionView,
  GatesShown,
  ReleaseShown,
  ReleaseView,
  StartAnswer,
  TimelineEntry,
} from './api-views.js';
import type { ControlPlane } from './control-plane.js';
import type { DemoSink, GateLine, Incident } from './demo-events.js';
import { buildIncident } from './incident-report.js';
import { PortInUseError, startModelService, type ModelService } from './model-service.js';
import { ModelClient } from './model-client.js';
import {
  checkOutcome,
  describeExpectation,
  describeOutcome,
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
  /** Simulated minutes the app keeps serving after a restore before it is verified. */
  verifyMinutes: number;
  /** Features each ride-pricing bundle's pipeline declares, by bundle version. */
  featuresByBundle: ReadonlyMap<string, readonly string[]>;
  /** Health URLs each bundle declares, by bundle version. */
  healthByBundle: ReadonlyMap<string, readonly string[]>;
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
  verificationPassed: boolean | null;
  records: StoredRecords | null;
  /** The app's tallies, per phase and arm. */
  tallies: Record<string, Record<Arm, ArmTally>>;
  requests: number;
  simulatedSeconds: number;
  realSeconds: number;
}

const MINUTE = 60_000;
const PROF = { serve: 0, flush: 0, tick: 0, steps: 0 };
const terminal = new Set(['promoted', 'rolled-back', 'aborted']);

/** Runs one scenario to its end (or its time limit) and checks the outcome. */
export async function runScenario(s: Scenario, ctx: RunContext): Promise<ScenarioResult> {
  const realStart = performance.now();
  const { cp, emit } = ctx;
  const owner = ctx.owners.get(s.owner) ?? cp.admin;
  const simStart = cp.clock.now().getTime();
  const services: ModelService[] = [];
  const models = new Map<string, string>();
  let app: SimulatedApp | undefined;
  const result = (partial: Partial<ScenarioResult> & { failures: string[] }): ScenarioResult => ({
    scenario: s,
    releaseId: null,
    ok: partial.failures.length === 0,
    expected: describeExpectation(s),
    actual: 'not run',
    incident: null,
    verificationPassed: null,
    records: null,
    tallies: app?.tallies ?? {},
    requests: requestsOf(app),
    simulatedSeconds: Math.round((cp.clock.now().getTime() - simStart) / 1000),
    realSeconds: Math.round((performance.now() - realStart) / 100) / 10,
    ...partial,
  });

  try {
    const release = (
      await cp.admin.get<{ releases: ReleaseView[] }>('/v1/releases', { workflow: s.workflow })
    ).releases.find((r) => r.name === s.release);
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
    for (const m of s.models) {
      const service = await startModel(m.model, m.behaviour, ctx.seed, m.port, emit);
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
    const run = new ScenarioRun(s, ctx, owner, release, app, simStart);
    const failures = await run.drive();
    return await run.finish(failures, result);
  } catch (error) {
    return result({ failures: [`the scenario stopped: ${(error as Error).message}`] });
  } finally {
    await app?.close();
    await Promise.all(services.map((m) => m.close()));
  }
}

function requestsOf(app: SimulatedApp | undefined): number {
  if (app === undefined) return 0;
  let n = 0;
  for (const byArm of Object.values(app.tallies)) n += byArm.control.requests + byArm.candidate.requests;
  return n;
}

async function startModel(
  model: string,
  behaviour: Scenario['models'][number]['behaviour'],
  seed: number,
  port: number | undefined,
  emit: DemoSink,
): Promise<ModelService> {
  try {
    return await startModelService({ model, behaviour, seed, ...(port === undefined ? {} : { port }) });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    emit({
      type: 'warning',
      message:
        `port ${error.port} on 127.0.0.1 is in use, so ${model} runs on a free port instead; the bundle declares ` +
        `http://127.0.0.1:${error.port}/healthz as its health check, and readiness will probe whatever answers there`,
    });
    return startModelService({ model, behaviour, seed });
  }
}

/** The mutable state of one scenario run. */
class ScenarioRun {
  private readonly rng: Random;
  private carry = 0;
  private seq = 0;
  private timelineSeen = 0;
  private readonly decisionsSeen = new Set<string>();
  private lastStage = -2;
  private lastDecision: string | null = null;
  private nextStatusAt: number;
  private restoredAt: number | null = null;
  private propagationMs: number | null = null;
  private readonly realStart = performance.now();
  private readonly deadline: number;
  private current: ReleaseView;

  constructor(
    private readonly s: Scenario,
    private readonly ctx: RunContext,
    private readonly owner: ApiClient,
    release: ReleaseView,
    private readonly app: SimulatedApp,
    private readonly simStart: number,
  ) {
    this.rng = seededRandom(ctx.seed + ctx.number * 7919);
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

  /** Starts the release and steps time until it ends, is verified, or the time limit passes. */
  async drive(): Promise<string[]> {
    const { emit } = this.ctx;
    const started = await this.owner.post<StartAnswer>(`/v1/releases/${this.current.id}/start`);
    const plan = started.readiness.plan;
    emit({
      type: 'release.started',
      scenario: this.s.id,
      at: this.at(),
      actor: this.s.owner,
      started: started.started,
      blockers: started.readiness.blockers,
      warnings: started.readiness.warnings,
      rollbackEstimate: plan?.estimate.text ?? null,
      rollbackLevel: plan?.level ?? null,
    });
    if (!started.started) return [`the release did not start: ${started.readiness.blockers.join('; ')}`];
    this.current = started.release;
    await this.follow(true);
    let verifyUntil: number | null = null;
    while (this.now < this.deadline) {
      await this.step();
      const status = this.current.status;
      if (status === 'rolled-back' && verifyUntil === null) {
        verifyUntil = this.now + this.ctx.verifyMinutes * MINUTE;
        this.restoredAt = this.now;
        this.app.setPhase('verification');
      }
      if (verifyUntil !== null && this.now >= verifyUntil) return [];
      if (status === 'promoted' || status === 'aborted') return [];
      if (status === 'paused')
        return [`the release paused instead of ending: ${String(this.current.timers.pauseReason)}`];
      if (terminal.has(status) && status !== 'rolled-back') return [];
    }
    return [`the release was still ${this.current.status} after ${this.s.maxMinutes} simulated minutes`];
  }

  /** One evaluation tick of simulated time. */
  private async step(): Promise<void> {
    const { cp, tickMs } = this.ctx;
    const from = this.now;
    const to = from + tickMs;
    cp.clock.set(new Date(to));
    const t0 = performance.now();
    await this.app.serve(this.plan(from, to));
    this.app.emitLabels(new Date(to));
    const t1 = performance.now();
    await this.app.flush();
    const t2 = performance.now();
    const results = await cp.server.services.machine.tick(new Date(to));
    const t3 = performance.now();
    PROF.serve += t1 - t0;
    PROF.flush += t2 - t1;
    PROF.tick += t3 - t2;
    PROF.steps += 1;
    if (PROF.steps % 50 === 0) console.error(JSON.stringify(PROF));
    const mine = results.find((r) => r.release === this.current.id);
    const decision = mine?.decision ?? null;
    const changed = mine !== undefined && (mine.action !== 'none' || decision !== this.lastDecision);
    this.lastDecision = decision;
    if (changed) await this.follow(mine.action !== 'none');
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
      // Short ids: the release's gate state keeps every request id it saw (for late labels) and is stored at each commit.
      out.push({ requestId: `${this.ctx.number}.${this.seq.toString(36)}`, key, at: new Date(Math.floor(at)) });
    }
    return out;
  }

  /** Keeps simulated time from running faster than `--speed`. */
  private async pace(): Promise<void> {
    const speed = this.ctx.speed;
    if (speed === 'max') return;
    const due = (this.now - this.simStart) / speed;
    const ahead = due - (performance.now() - this.realStart);
    if (ahead > 1) await new Promise((r) => setTimeout(r, ahead));
  }

  /** Reads the release after a change: new stage, decisions and timeline entries; follows config to the SDK. */
  private async follow(configMayHaveChanged: boolean): Promise<void> {
    const { cp } = this.ctx;
    const shown = await cp.admin.get<ReleaseShown>(`/v1/releases/${this.current.id}`);
    this.current = shown.release;
    let propagation: number | null = null;
    if (configMayHaveChanged) propagation = await this.propagate();
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

  private emitDecision(d: DecisionView): void {
    if (this.decisionsSeen.has(d.id)) return;
    this.decisionsSeen.add(d.id);
    this.ctx.emit({
      type: 'decision',
      scenario: this.s.id,
      at: d.at,
      kind: d.kind,
      gates: Array.isArray(d.evidence.gates) ? d.evidence.gates : [],
      reasoning: d.reasoning,
    });
  }

  private async emitTimeline(entry: TimelineEntry, propagation: number | null): Promise<void> {
    const { emit } = this.ctx;
    const details = entry.details;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    if (entry.kind === 'release.stage-started') {
      const index = Number(details.stage);
      const stage = this.current.spec.plan[index];
      emit({
        type: 'stage',
        scenario: this.s.id,
        at: entry.at,
        stage: index + 1,
        of: this.current.spec.plan.length,
        kind: String(details.kind),
        percent: typeof details.percent === 'number' ? details.percent : (stage?.canary?.percent ?? null),
        propagationMs: propagation,
      });
    } else if (entry.kind.startsWith('rollback.')) {
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
    } else if (entry.kind.startsWith('notify.') || entry.kind.startsWith('approval.')) {
      emit({ type: 'notification', scenario: this.s.id, at: entry.at, kind: entry.kind, details });
    } else if (entry.kind === 'release.promoted') {
      const labels = (
        await this.ctx.cp.admin.get<{ labels: { label: string; bundleVersion: string }[] }>(
          `/v1/workflows/${this.s.workflow}/labels`,
          { environment: this.current.environment },
        )
      ).labels;
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
    const evidence = this.s.offlineEvidence ?? { tasks: 0, passed: 0, notes: 'no offline evaluation' };
    await this.owner.post(`/v1/releases/${this.current.id}/offline-evidence`, evidence);
    this.ctx.emit({
      type: 'offline.evidence',
      scenario: this.s.id,
      at: this.at(),
      tasks: evidence.tasks,
      passed: evidence.passed,
    });
  }

  /** Waits until the app's SDK serves the workflow's current configuration revision. */
  private async propagate(): Promise<number | null> {
    const config = await this.ctx.cp.admin
      .get<ConfigShown>(`/v1/workflows/${this.s.workflow}/environments/${this.current.environment}/config`)
      .catch(() => null);
    if (config === null) return null;
    if (this.app.revision >= config.revision) return 0;
    return this.app.waitForRevision(config.revision);
  }

  /** A status line: stage, traffic, and every gate with its numbers. */
  private async status(): Promise<void> {
    const gates = await this.ctx.cp.admin.get<GatesShown>(`/v1/releases/${this.current.id}/gates`).catch(() => null);
    const rollout = this.app.tallies.rollout;
    const stage = this.current.spec.plan[this.current.stage];
    const stageText =
      stage === undefined
        ? this.current.status
        : `${this.current.stage + 1}/${this.current.spec.plan.length} ${Object.keys(stage)[0] ?? '?'}${stage.canary?.percent === undefined ? '' : ` ${stage.canary.percent} %`}`;
    this.ctx.emit({
      type: 'status',
      scenario: this.s.id,
      at: this.at(),
      stage: stageText,
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

  /** Verifies the restore (R7.2) from what the app saw, and reads the stored records. */
  async finish(
    failures: string[],
    result: (partial: Partial<ScenarioResult> & { failures: string[] }) => ScenarioResult,
  ): Promise<ScenarioResult> {
    const { cp } = this.ctx;
    const records = await readRecords(cp.admin, this.current.id);
    let verificationPassed: boolean | null = null;
    let verifiedAt: string | null = null;
    if (this.restoredAt !== null) {
      const checks = await this.verify(records);
      verificationPassed = checks.every((c) => c.ok);
      verifiedAt = this.at();
      this.ctx.emit({
        type: 'verification',
        scenario: this.s.id,
        at: verifiedAt,
        passed: verificationPassed,
        source: 'the demo (the server-side verification of issue 6 has not landed)',
        checks,
      });
    }
    const candidate = this.app.tallies.rollout?.candidate;
    const incident =
      candidate === undefined
        ? null
        : buildIncident({
            records,
            candidate,
            propagationMs: this.propagationMs,
            verifiedAt: verificationPassed === true ? verifiedAt : null,
            affected: this.s.affected,
          });
    if (incident !== null) this.ctx.emit({ type: 'incident', scenario: this.s.id, ...incident });
    const all = [...failures, ...checkOutcome(this.s, records, verificationPassed)];
    if (this.app.transportFailures > 0)
      all.push(`${this.app.transportFailures} model calls failed at the network level`);
    const stats = this.app.reportStats();
    if (stats.rejected + stats.failed + stats.dropped > 0)
      all.push(
        `outcome reporting lost events: ${stats.rejected} rejected, ${stats.failed} failed, ${stats.dropped} dropped`,
      );
    return result({
      releaseId: this.current.id,
      failures: all,
      actual: describeOutcome(records),
      incident,
      verificationPassed,
      records,
    });
  }

  /** The demo's verification after a restore: routing, flags, health, and the metric back to baseline. */
  private async verify(records: StoredRecords): Promise<{ check: string; ok: boolean; detail: string }[]> {
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

/** Whether the metric whose gate fired is back to the control's baseline on post-restore traffic. */
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
