/**
 * What asks for a rollback and what the request did: the values the machine, the approvals and
 * the routes exchange (types only, so the state and the store can name them without importing
 * the machine).
 */
import type { RollbackRun } from '../../rollbacks/run-store.js';
import type { AuthorityDecision } from '../authority/authority.js';
import type { BreachedGate, PlanOverride, RollbackPlan } from '../planning/rollback-plan.js';
import type { Decision } from './decision.js';
import type { ReleaseStatus } from './release-status.js';

/** Why a rollback is asked for: a decision of the gates, or a person (optionally with a level or an override). */
export interface RollbackRequest {
  decision?: Decision;
  gates?: BreachedGate[];
  requestedLevel?: 1 | 2 | 3 | 4;
  override?: PlanOverride;
  reason?: string;
  /** When the rollback was first asked for (ISO), when it waited for approvals: MTTD and MTTR start there. */
  requestedAt?: string;
}

/** What a rollback request did. */
export interface RollbackOutcome {
  /** `joined`: a run for this release was already going; its id is `runId`. */
  status: 'executed' | 'joined' | 'awaiting-approval' | 'refused' | 'no-op';
  /** The rollback run that executed (or is executing) the plan. */
  runId?: string;
  /** Where that run is: `running` while a job step waits for its job, `failed` when a step failed. */
  runStatus?: RollbackRun['status'];
  /** Where the release ends up. */
  releaseStatus: ReleaseStatus;
  plan: RollbackPlan;
  authority: AuthorityDecision | null;
  /** The steps that ran, in order. */
  executed: string[];
  summary: string;
}
