/**
 * What readiness knows of a workflow's rollback drills (R2.3, R2.4, R8.1); features/drills
 * implements it. Defined here so readiness does not depend on the drills feature.
 */
import type { WorkflowSpec } from '../../bundles/workflow-schema.js';
import type { LevelTiming, RollbackLevel } from '../planning/rollback-levels.js';

/** Where a workflow stands with its drills in one environment. */
export interface DrillStanding {
  /** The schedule: a drill must pass at least this often (the Workflow's `drills.every`, default 30d). */
  every: string;
  /** The newest passing drill. */
  lastPassed: { id: string; at: string; level: number } | null;
  /** True when no drill passed within `every`. */
  due: boolean;
  /**
   * True when the Workflow declares `drills:`: then a business-critical workflow's release with a
   * due drill is blocked, and R2.4 refuses a first live stage over 1 % until a drill passes.
   */
  enforced: boolean;
  /** The command that runs a drill now. */
  command: string;
  /** Measured rollback times per level (p50/p90 of recent passing drills) and the drills they come from. */
  timings: Partial<Record<RollbackLevel, LevelTiming>>;
}

/** Reads drill standings (features/drills). */
export interface DrillPort {
  standing(workflow: WorkflowSpec, environment: string): Promise<DrillStanding>;
}

/** Readiness blockers and warnings from the drills: stale (R2.3) and first exposure (R2.4). */
export function drillFindings(
  workflow: WorkflowSpec,
  standing: DrillStanding,
  firstExposureLimited: boolean,
): { blockers: string[]; warnings: string[] } {
  const blockers: string[] = [];
  const warnings: string[] = [];
  const fix = `run \`${standing.command}\``;
  if (standing.due) {
    const last = standing.lastPassed;
    const why = last
      ? `the last passing rollback drill of ${workflow.name} (${last.id}, ${last.at}) is older than its ${standing.every} schedule`
      : `no rollback drill of ${workflow.name} has passed (schedule: every ${standing.every})`;
    if (standing.enforced && workflow.criticality === 'business-critical') blockers.push(`${why}: ${fix}`);
    else
      warnings.push(
        `${why}: ${fix}${standing.enforced ? '' : ' (declare `drills:` in the Workflow to make this a blocker for a business-critical workflow)'}`,
      );
  }
  if (!firstExposureLimited && standing.lastPassed === null) {
    const why =
      'the first live stage exceeds 1 % without a segment and no rollback drill of this workflow has passed: R2.4 keeps a change behind a staff-only segment or a 1 % canary until one does';
    if (standing.enforced) blockers.push(`${why}; ${fix}, or start with a segment or at most 1 %`);
    else warnings.push(`${why}; ${fix} (warning only: the Workflow declares no \`drills:\`)`);
  }
  return { blockers, warnings };
}
