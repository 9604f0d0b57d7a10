/**
 * The API's shapes as the dashboard reads them: names for the types generated from the OpenAPI
 * document (`@ripcord/protocol/api`, `npm run api:generate`), so a change of the server's contract
 * is a type error here, not a blank panel. Only the live feed's event (an SSE payload, not a JSON
 * response) is written down by hand.
 */
import type { ApiResult, components } from '@ripcord/protocol/api';

type Schemas = components['schemas'];

/** `GET /v1/whoami`. */
export type WhoAmI = Schemas['Whoami'];
/** `GET /v1/workflows` items. */
export type Workflow = Schemas['WorkflowRecord'];
/** A workflow's owners (role → handle or handles). */
export type Owners = NonNullable<Workflow['spec']['owners']>;
/** `GET /v1/workflows/{wf}/labels` items. */
export type Label = Schemas['Label'];
/** `GET /v1/workflows/{wf}/label-history` items. */
export type LabelMove = Schemas['LabelMove'];
/** `GET /v1/workflows/{wf}/bundles` items. */
export type Bundle = Schemas['BundleRecord'];
/** `GET /v1/workflows/{wf}/diff`. */
export type BundleDiff = Schemas['BundleDiff'];
/** One rollback step of a plan. */
export type PlanStep = Schemas['PlanStep'];
/** A rollback plan (`GET /v1/releases/{id}/rollback-plan`). */
export type RollbackPlan = Schemas['RollbackPlan'];
/** `GET /v1/releases/{id}/rollback-authority`. */
export type RollbackAuthority = Schemas['RollbackAuthorityCheck'];
/** One approval a plan needs, and who may give it. */
export type ApprovalRequirement = RollbackAuthority['approvers'][number];
/** Readiness (R2.3) of a release. */
export type Readiness = Schemas['Readiness'];
/** Readiness of a workflow (what a rollback of production would do now). */
export type WorkflowReadiness = Schemas['WorkflowReadiness'];
/** A release (`GET /v1/releases`, `GET /v1/releases/{id}`). */
export type Release = Schemas['Release'];
/** A stage of a release's plan. */
export type Stage = Release['spec']['plan'][number];
/** One entry of a release's timeline. */
export type TimelineEntry = Schemas['TimelineEntry'];
/** A decision (R5.1) with its evidence. */
export type Decision = Schemas['ReleaseDecision'];
/** `GET /v1/releases/{id}`. */
export type ReleaseDetail = Schemas['ReleaseShown'];
/** One gate evaluated now (`GET /v1/releases/{id}/gates`). */
export type GateEvaluation = Schemas['GateEvaluation'];
/** `GET /v1/releases/{id}/gates`. */
export type ReleaseGates = Schemas['ReleaseGates'];
/** One gate at one tick (`GET /v1/releases/{id}/gates/history`). */
export type GatePoint = Schemas['GateHistoryPoint'];
/** `GET /v1/releases/{id}/gates/history`. */
export type GateHistory = Schemas['GateHistory'];
/** A rollback run (`GET /v1/rollbacks/{id}`). */
export type RollbackRun = Schemas['RollbackRun'];
/** A step of a rollback run. */
export type RunStep = Schemas['RollbackRunStep'];
/** An incident (`GET /v1/incidents` items). */
export type Incident = Schemas['Incident'];
/** Incident verification (R7.2). */
export type Verification = NonNullable<Incident['verification']>;
/** `GET /v1/incidents/{id}`. */
export type IncidentDetail = Schemas['IncidentShown'];
/** `GET /v1/audit` items. */
export type AuditEntry = Schemas['AuditEntry'];
/** `GET /v1/audit/verify`. */
export type AuditVerify = ApiResult<'verifyAuditChain'>;

/** Where a workflow stands with its rollback drills (in `WorkflowReadiness`). */
export type DrillStanding = NonNullable<WorkflowReadiness['drills']>;
/** A rollback drill (`GET /v1/drills`, `GET /v1/drills/{id}`). */
export type Drill = Schemas['Drill'];
/** A drill's check of the route (verification, restore verification). */
export type DrillCheck = Schemas['DrillCheck'];
/** `GET /v1/report` (R8.2). */
export type EffectivenessReport = Schemas['EffectivenessReport'];
/** One section of the report: every workflow together, or one. */
export type EffectivenessSection = Schemas['EffectivenessSection'];
/** `GET /v1/workflows/{wf}/environments/{env}/runbook` (R8.3). */
export type Runbook = Schemas['Runbook'];
/** `GET /v1/incidents/{id}/customer-message` (R7.4). */
export type IncidentCustomerMessage = Schemas['IncidentCustomerMessage'];

/** One changed object on the live feed (`GET /v1/changes/stream`, an SSE event). */
export interface Change {
  kind: 'release' | 'gates' | 'run' | 'incident' | 'config' | 'audit';
  id: string;
  workflow: string | null;
  environment: string | null;
  releaseId: string | null;
}
