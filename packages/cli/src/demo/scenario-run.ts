/** One scenario's run in lockstep simulated time (see scenario-runner.ts). */
import type { ApiClient } from '../client.js';
import type { ApiResult, Release, ReleaseDecision, TimelineEntry } from '@ripcord/protocol/api';
import type { GateLine } from './demo-events.js';
import { buildIncident } from './incident-report.js';
import { checkOutcome, describeOutcome, readIncident, readRecords } from './outcome-check.js';
import type { Scenario } from './scenarios.js';
import { seededRandom, type Random } from './seeded-random.js';
import type { SimulatedApp } from './simulated-app.js';
import { type PlannedRequest } from './simulated-app.js';

import { appChecks, appFailures } from './app-checks.js';
import { MINUTE, terminal, type ResultFields, type RunContext } from './scenario-types.js';

/** The mutable state of one scenario run. */
export class ScenarioRun {
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
      const checks = await appChecks({
        release: this.current,
        app: this.app,
        expect: this.s.expect,
        records,
        healthUrls: this.ctx.healthByBundle.get(this.current.spec.control) ?? [],
      });
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
    all.push(...appFailures(this.app));
    return {
      releaseId: this.current.id,
      failures: all,
      actual: describeOutcome(records),
      incident,
      appCheckPassed,
      records,
    };
  }
}
