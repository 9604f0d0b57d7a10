/**
 * Rollback drills (R8.1): run one, list them, and the standing readiness reads (R2.3, R2.4): is a
 * drill due under the workflow's schedule, and how long did recent drills take per level.
 */
import type { Principal } from '../auth/principal.js';
import type { WorkflowSpec } from '../bundles/workflow-schema.js';
import { parseDuration } from '../gates/language/gate-values.js';
import type { DrillPort, DrillStanding } from '../releases/readiness/drill-port.js';
import { executeDrill, type DrillRunDeps } from './drill-run.js';
import type { DrillRecord, DrillStore } from './drill-store.js';
import type { DrillAgeSource } from '../metrics/ripcord-metrics.js';
import { prepareDrill, type DrillRequest } from './drill-prepare.js';
import { recoverDrills } from './drill-recover.js';
import { measuredTimings } from './drill-timings.js';

export type { DrillRequest } from './drill-prepare.js';

/** A drill must pass at least this often unless the Workflow says otherwise (monthly). */
export const DEFAULT_DRILL_EVERY = '30d';

/** Runs and reads drills. */
export class DrillService implements DrillPort, DrillAgeSource {
  constructor(private readonly deps: DrillRunDeps & { drills: DrillStore }) {}

  /** Runs a drill now; answers its finished record (passed or failed). */
  async run(request: DrillRequest, actor: Principal): Promise<DrillRecord> {
    const setup = await prepareDrill(this.deps, request, actor);
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
  recoverInterrupted(actor: Principal): Promise<DrillRecord[]> {
    return recoverDrills(this.deps, actor);
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
}
