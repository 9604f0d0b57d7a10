/**
 * Rollback drills (R8.1): run one, list them, and the standing readiness reads (R2.3, R2.4): is a
 * drill due under the workflow's schedule, and how long did recent drills take per level.
 */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { FlagDefinition } from '@ripcord/protocol';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { WorkflowSpec } from '../bundles/workflow-schema.js';
import { parseDuration } from '../gates/language/gate-values.js';
import { holdsAny, ON_CALL_ROLES } from '../releases/authority/owner-roles.js';
import type { DrillPort, DrillStanding } from '../releases/readiness/drill-port.js';
import { productionRelease, rollbackPath } from '../releases/readiness/readiness-workflow.js';
import { numberedLevel, type LevelTiming, type RollbackLevel } from '../releases/planning/rollback-levels.js';
import { planRollback } from '../releases/planning/rollback-planner.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import { executeDrill, type DrillRunDeps, type DrillSetup } from './drill-run.js';
import type { DrillRecord, DrillStore } from './drill-store.js';
import type { DrillAgeSource } from '../metrics/ripcord-metrics.js';

/** A drill must pass at least this often unless the Workflow says otherwise (monthly). */
export const DEFAULT_DRILL_EVERY = '30d';
/** The segment a drill moves unless the Workflow says otherwise. */
export const DEFAULT_DRILL_SEGMENT = 'staff';
/** Measured times use at most this many recent passing drills per level. */
const RECENT = 10;

/** What to drill. */
export interface DrillRequest {
  workflow: string;
  environment: string;
  level?: 1 | 2 | 3 | 4;
  reason: string;
  trigger?: DrillRecord['trigger'];
  /** A post-deployment rollback test names the promoted release. */
  release?: { id: string; name: string };
}

/** Runs and reads drills. */
export class DrillService implements DrillPort, DrillAgeSource {
  constructor(private readonly deps: DrillRunDeps & { drills: DrillStore }) {}

  /** Runs a drill now; answers its finished record (passed or failed). */
  async run(request: DrillRequest, actor: Principal): Promise<DrillRecord> {
    const setup = await this.prepare(request, actor);
    await this.deps.drills.save(setup.drill);
    let finished: DrillRecord;
    try {
      finished = await executeDrill(this.deps, setup, actor);
    } catch (error) {
      const failure = `the drill stopped: ${error instanceof Error ? error.message : String(error)}`;
      finished = {
        ...setup.drill,
        status: 'failed',
        finishedAt: this.deps.clock.now(),
        detail: { ...setup.drill.detail, failure },
      };
    }
    await this.deps.drills.save(finished);
    return finished;
  }

  /**
   * Drills a restart interrupted (still `running` at boot): the drill segment is put back — the
   * drill's split cleared, each flag as it was before the drill — and the drill recorded `failed`.
   */
  async recoverInterrupted(actor: Principal): Promise<DrillRecord[]> {
    const out: DrillRecord[] = [];
    for (const drill of await this.deps.drills.list({ status: 'running' })) {
      const target = { environment: drill.environment, workflow: drill.workflow };
      const reason = `drill ${drill.id}: interrupted by a restart, restored`;
      const current = await this.deps.config.current(drill.environment, drill.workflow);
      if (current?.config.split?.release === `drill-${drill.id.slice(6)}`)
        await this.deps.config.clearSplit(target, actor, reason);
      const before = drill.detail.flagsBefore ?? {};
      for (const [key, definition] of Object.entries(current?.config.flags ?? {})) {
        if (isDeepStrictEqual(definition, before[key])) continue;
        if (before[key] === undefined) await this.deps.config.unsetFlag({ ...target, key }, actor, reason);
        else
          await this.deps.config.setFlag(
            { ...target, key },
            { definition: before[key] as FlagDefinition },
            actor,
            reason,
          );
      }
      const failed: DrillRecord = {
        ...drill,
        status: 'failed',
        finishedAt: this.deps.clock.now(),
        detail: {
          ...drill.detail,
          failure: 'interrupted by a restart; the drill segment was restored at the next start',
        },
      };
      await this.deps.drills.save(failed);
      if (drill.runId === null) {
        const run = await this.deps.stores.runs.running(drill.id);
        if (run)
          await this.deps.stores.runs.save({
            ...run,
            status: 'failed',
            updatedAt: failed.finishedAt!,
            finishedAt: failed.finishedAt,
          });
      }
      out.push(failed);
    }
    return out;
  }

  get(id: string): Promise<DrillRecord | undefined> {
    return this.deps.drills.get(id);
  }

  list(filter: { workflow?: string | undefined; environment?: string | undefined } = {}): Promise<DrillRecord[]> {
    return this.deps.drills.list({
      ...(filter.workflow ? { workflow: filter.workflow } : {}),
      ...(filter.environment ? { environment: filter.environment } : {}),
    });
  }

  /** Seconds since each workflow's last passed drill (any environment), for `ripcord_drill_age_seconds`. */
  async drillAges(): Promise<{ workflow: string; ageSeconds: number }[]> {
    const now = this.deps.clock.now().getTime();
    const newest = new Map<string, number>();
    for (const d of await this.deps.drills.list({ status: 'passed', limit: 1000 })) {
      const at = (d.finishedAt ?? d.startedAt).getTime();
      newest.set(d.workflow, Math.max(newest.get(d.workflow) ?? 0, at));
    }
    return [...newest].map(([workflow, at]) => ({ workflow, ageSeconds: Math.max(0, (now - at) / 1000) }));
  }

  /** Where a workflow stands with its drills in an environment (R2.3). */
  async standing(workflow: WorkflowSpec, environment: string): Promise<DrillStanding> {
    const every = workflow.drills?.every ?? DEFAULT_DRILL_EVERY;
    const passed = await this.deps.drills.list({ workflow: workflow.name, environment, status: 'passed', limit: 100 });
    const last = passed[0];
    const now = this.deps.clock.now().getTime();
    const lastAt = last?.finishedAt ?? last?.startedAt;
    const due = !lastAt || now - lastAt.getTime() > parseDuration(every)!;
    const env = environment === 'production' ? '' : ` -e ${environment}`;
    return {
      every,
      lastPassed: last ? { id: last.id, at: lastAt!.toISOString(), level: last.level } : null,
      due,
      enforced: workflow.drills !== undefined,
      command: `ripcord drills run ${workflow.name}${env}`,
      timings: measuredTimings(passed),
    };
  }

  /** Checks the request and plans the drill's rollback: throws a 4xx AppError when it cannot run. */
  private async prepare(request: DrillRequest, actor: Principal): Promise<DrillSetup> {
    const { stores, config } = this.deps;
    const target = { workflow: request.workflow, environment: request.environment };
    const workflow = await stores.registry.getWorkflow(request.workflow);
    if (!workflow) throw notFound(`workflow ${request.workflow}`);
    if (actor.role !== 'admin' && !holdsAny(workflow.spec.owners, actor.subject, ON_CALL_ROLES))
      throw new AppError(
        'forbidden',
        `${actor.subject} is not on call for ${request.workflow} (owners: ${ON_CALL_ROLES.join(', ')})`,
      );
    const level = request.level ?? workflow.spec.drills?.level ?? 1;
    if (level > 2)
      throw new AppError(
        'bad_request',
        `level ${level} drills are not supported: their jobs (recompute features, restore data, retrain) take hours and cannot be confined to a drill segment; drill level 1 or 2`,
      );
    const active = (await stores.releases.list({ workflow: request.workflow, active: true })).find(
      (r) => r.environment === request.environment && r.status !== 'pending',
    );
    if (active)
      throw new AppError(
        'conflict',
        `release ${active.name} is ${active.status} in ${request.environment}: drill once no release is in progress`,
      );
    const path = await rollbackPath(stores.registry, target);
    if (!path.production?.bundle || path.target === null || !path.targetBundle)
      throw new AppError(
        'conflict',
        `nothing to drill: ${path.nothingReason ?? `production in ${request.environment} serves nothing`}`,
      );
    const before = await config.current(request.environment, request.workflow);
    const segment = workflow.spec.drills?.segment ?? DEFAULT_DRILL_SEGMENT;
    if (!before || before.config.bundles.control?.version !== path.production.version)
      throw new AppError('conflict', `the flag configuration does not serve production's ${path.production.version}`);
    if (before.config.split)
      throw new AppError(
        'conflict',
        `traffic is split by ${before.config.split.release}: drill once the split has ended`,
      );
    if (!before.config.segments[segment])
      throw new AppError(
        'conflict',
        `the drill segment ${segment} is not defined in ${request.workflow}/${request.environment}: define it first (ripcord segments set ${request.workflow} ${segment} …), or name another in the Workflow's drills.segment`,
      );
    const spec = productionRelease(target, path.production.version, path.target, level);
    const plan = planRollback({
      release: spec,
      control: path.targetBundle.spec,
      candidate: path.production.bundle.spec,
      breached: [],
      live: { stage: 1, traffic: { percent: 100, segment: null } },
    });
    const lvl = numberedLevel(level);
    const refusal = plan.refusals.find((r) => r.level === lvl);
    if (plan.status !== 'planned' || refusal || plan.level !== lvl)
      throw new AppError(
        'conflict',
        `a level-${level} rollback from ${path.production.version} to ${path.target} cannot be drilled: ${refusal?.reason ?? plan.reason ?? `the plan is ${plan.status === 'planned' ? plan.level : plan.status}`}`,
      );
    const now = this.deps.clock.now();
    const id = `drill_${randomBytes(6).toString('hex')}`;
    const release = {
      id,
      workflow: request.workflow,
      environment: request.environment,
      name: `drill-${id.slice(6)}`,
      spec: { ...spec, name: `drill-${id.slice(6)}` },
      contentHash: '',
      stage: 0,
      references: {},
      createdAt: now,
      createdBy: actor.subject,
      updatedAt: now,
      startedAt: now,
      finishedAt: null,
      status: 'rolling-back',
      state: {},
    } as unknown as ReleaseRecord; // the executor reads id, name, workflow, environment and spec
    const drill: DrillRecord = {
      id,
      workflow: request.workflow,
      environment: request.environment,
      level,
      status: 'running',
      trigger: request.trigger ?? 'manual',
      actor: actor.subject,
      reason: request.reason,
      runId: null,
      startedAt: now,
      finishedAt: null,
      detail: {
        segment,
        production: path.production.version,
        target: path.target,
        steps: [],
        rollbackMs: null,
        verification: null,
        restoreVerification: null,
        failure: null,
        flagsBefore: before.config.flags,
        ...(request.release ? { release: request.release } : {}),
      },
    };
    return { drill, release, plan, production: path.production.bundle, target: path.targetBundle, before };
  }
}

/** p50 and p90 of recent passing drills' rollback times, per level, naming the drills used. */
export function measuredTimings(passed: readonly DrillRecord[]): Partial<Record<RollbackLevel, LevelTiming>> {
  const out: Partial<Record<RollbackLevel, LevelTiming>> = {};
  for (const n of [1, 2, 3, 4] as const) {
    const used = passed.filter((d) => d.level === n && d.detail.rollbackMs !== null).slice(0, RECENT);
    if (used.length === 0) continue;
    const seconds = used.map((d) => d.detail.rollbackMs! / 1000).sort((a, b) => a - b);
    out[numberedLevel(n)] = {
      typicalSeconds: roundUp(quantile(seconds, 0.5)),
      upperSeconds: roundUp(quantile(seconds, 0.9)),
      drills: used.map((d) => d.id),
    };
  }
  return out;
}

/** Nearest-rank quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Whole seconds, at least 1 (a drill that took 40 ms is "1 s", never "0 s"). */
function roundUp(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}
