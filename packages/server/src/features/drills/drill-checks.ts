/**
 * What a drill (and a chaos run, features/chaos) checks before it moves anything: the workflow
 * exists and the actor is on call for it, no release is in progress in the environment, the
 * configuration serves production with no split, and the drill segment is defined.
 */
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { WorkflowRecord } from '../bundles/registry-store.js';
import type { ConfigService, CurrentConfig } from '../flags/config-service.js';
import { holdsAny, ON_CALL_ROLES } from '../releases/authority/owner-roles.js';
import type { DrillStores } from './drill-run.js';

/** The segment a drill moves unless the Workflow says otherwise. */
export const DEFAULT_DRILL_SEGMENT = 'staff';

/** Where a drill acts. */
export interface DrillTarget {
  workflow: string;
  environment: string;
}

/** The workflow, when the actor may drill it (an admin, or a holder of an on-call role). */
export async function drillableWorkflow(
  stores: Pick<DrillStores, 'registry'>,
  target: DrillTarget,
  actor: Principal,
): Promise<WorkflowRecord> {
  const workflow = await stores.registry.getWorkflow(target.workflow);
  if (!workflow) throw notFound(`workflow ${target.workflow}`);
  if (actor.role !== 'admin' && !holdsAny(workflow.spec.owners, actor.subject, ON_CALL_ROLES))
    throw new AppError(
      'forbidden',
      `${actor.subject} is not on call for ${target.workflow} (owners: ${ON_CALL_ROLES.join(', ')})`,
    );
  return workflow;
}

/** Refuses while a release of the workflow is in progress (started, not ended) in the environment. */
export async function noReleaseInProgress(
  stores: Pick<DrillStores, 'releases'>,
  target: DrillTarget,
  what = 'drill',
): Promise<void> {
  const active = (await stores.releases.list({ workflow: target.workflow, active: true })).find(
    (r) => r.environment === target.environment && r.status !== 'pending',
  );
  if (active)
    throw new AppError(
      'conflict',
      `release ${active.name} is ${active.status} in ${target.environment}: ${what} once no release is in progress`,
    );
}

/**
 * The configuration before the drill, when it serves `production` to everyone (no split) and
 * defines `segment`; otherwise a 409 naming what to fix.
 */
export async function unsplitConfig(
  config: Pick<ConfigService, 'current'>,
  target: DrillTarget,
  production: string,
  segment: string,
  what = 'drill',
): Promise<CurrentConfig> {
  const before = await config.current(target.environment, target.workflow);
  if (!before || before.config.bundles.control?.version !== production)
    throw new AppError('conflict', `the flag configuration does not serve production's ${production}`);
  if (before.config.split)
    throw new AppError(
      'conflict',
      `traffic is split by ${before.config.split.release}: ${what} once the split has ended`,
    );
  if (!before.config.segments[segment])
    throw new AppError(
      'conflict',
      `the drill segment ${segment} is not defined in ${target.workflow}/${target.environment}: define it first (ripcord segments set ${target.workflow} ${segment} …), or name another in the Workflow's drills.segment`,
    );
  return before;
}
