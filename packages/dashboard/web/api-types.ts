/**
 * The API's shapes as the dashboard reads them — the only place they are written down here, and
 * only the fields it uses. Once the OpenAPI-generated client types land (one typed contract),
 * replace this file's declarations with imports from them.
 */

/** `GET /v1/whoami`. */
export interface WhoAmI {
  subject: string;
  role: 'admin' | 'operator' | 'viewer' | 'sdk';
  tokenId: string;
  scope: { workflows?: string[]; environment?: string } | null;
}

/** A workflow's owners (role → handle or handles). */
export type Owners = Record<string, string | string[] | undefined>;

/** `GET /v1/workflows` items. */
export interface Workflow {
  name: string;
  spec: { description?: string; criticality?: string; type?: string; owners?: Owners; sla?: Record<string, number> };
  updatedAt: string;
}

/** `GET /v1/workflows/{wf}/labels` items. */
export interface Label {
  workflow: string;
  environment: string;
  label: string;
  bundleVersion: string;
  updatedAt: string;
  updatedBy: string;
}

/** `GET /v1/workflows/{wf}/label-history` items. */
export interface LabelMove {
  id: number;
  environment: string;
  label: string;
  fromVersion: string | null;
  toVersion: string;
  actor: string;
  reason: string;
  at: string;
}

/** `GET /v1/workflows/{wf}/bundles` items. */
export interface Bundle {
  id: string;
  workflow: string;
  version: string;
  spec: { components?: Record<string, unknown>; requires?: Record<string, unknown>; flags?: Record<string, unknown> };
  createdAt?: string;
  createdBy?: string;
  archivedAt?: string | null;
}

/** `GET /v1/workflows/{wf}/diff`. */
export interface BundleDiff {
  from: string;
  to: string;
  components: { component: string; status: string; changes?: { path: string; from?: unknown; to?: unknown }[] }[];
}

/** One rollback step of a plan. */
export interface PlanStep {
  kind: string;
  level?: string;
  text: string;
}

/** A rollback plan (`GET /v1/releases/{id}/rollback-plan`). */
export interface RollbackPlan {
  status: string;
  reason: string | null;
  level: string;
  steps: PlanStep[];
  refusals?: { level: string; reason: string }[];
  cannotUndo?: string[];
  notes?: string[];
  estimate?: { text: string; typicalSeconds: number; upperSeconds: number } | null;
}

/** One approval a plan needs, and who may give it. */
export interface ApprovalRequirement {
  requirement: string;
  roles: string[];
  principals: string[];
}

/** `GET /v1/releases/{id}/rollback-authority`. */
export interface RollbackAuthority {
  plan: RollbackPlan;
  authority:
    | { outcome: 'allowed'; reason: string; notify?: { principals: string[]; reason: string }[] }
    | { outcome: 'needs-approvals'; reason: string; remaining: ApprovalRequirement[]; required: ApprovalRequirement[] }
    | { outcome: 'refused'; reason: string };
  /** The approvals it needs when ripcord asks for it itself (what a waiting rollback waits for). */
  approvers: ApprovalRequirement[];
}

/** Readiness (R2.3) of a workflow or release. */
export interface Readiness {
  ready: boolean;
  blockers: string[];
  warnings: string[];
  checks?: { component: string; url?: string; ok: boolean; detail: string }[];
  release?: { id: string; name: string; status: string } | null;
  plan?: RollbackPlan | null;
  rollback?: { plan?: RollbackPlan | null } | null;
  /** Drills (issue 16) once they are recorded; read if present. */
  drill?: { at?: string; passed?: boolean; text?: string } | null;
}

/** A stage of a release's plan. */
export type Stage = {
  offline?: Record<string, unknown>;
  canary?: { percent: number; bake?: string };
  promote?: object;
};

/** A release (`GET /v1/releases`, `GET /v1/releases/{id}`). */
export interface Release {
  id: string;
  workflow: string;
  environment: string;
  name: string;
  status: string;
  stage: number;
  spec: { control: string; candidate: string; plan: Stage[]; automatic?: string[]; gates?: unknown };
  /** Read only through `release-state.ts` (this field becomes a typed `state`). */
  /** The state its status keeps (server: machine/status-state.ts); fields depend on the status. */
  state: Record<string, unknown>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** One entry of a release's timeline. */
export interface TimelineEntry {
  id?: number;
  at: string;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

/** A decision (R5.1) with its evidence. */
export interface Decision {
  id: string;
  at: string;
  kind: string;
  reasoning: string;
  evidence: unknown;
  actor: string;
}

/** `GET /v1/releases/{id}`. */
export interface ReleaseDetail {
  release: Release;
  timeline: TimelineEntry[];
  decisions: Decision[];
}

/** One gate evaluated now (`GET /v1/releases/{id}/gates`). */
export interface GateEvaluation {
  gate: string;
  metric: string;
  /** passing, breached, inconclusive — or a state added later (shared-cause): shown as its text. */
  state: string;
  computedState: string;
  statistic: number | null;
  threshold: number | null;
  control: number | null;
  samples: { candidate: number; control: number | null };
  window: string;
  sentence: string;
  severity: string;
  criticality: string | null;
  override: { force: string; actor: string; reason: string; at: string } | null;
  reason: string | null;
  evidence?: { samples: string[]; unmatched: number } | null;
  evaluatedAt: string;
}

/** `GET /v1/releases/{id}/gates`. */
export interface ReleaseGates {
  live: boolean;
  evaluatedAt: string;
  alpha: number;
  counts: Record<string, number>;
  gates: GateEvaluation[];
}

/** One gate at one tick (`GET /v1/releases/{id}/gates/history`). */
export interface GatePoint {
  state: string;
  statistic: number | null;
  control: number | null;
  threshold: number | null;
  logE: number | null;
  logNeeded: number | null;
  samples: number;
}

/** `GET /v1/releases/{id}/gates/history`. */
export interface GateHistory {
  capacity: number;
  thinned: number;
  ticks: { at: string; gates: Record<string, GatePoint> }[];
}

/** A step of a rollback run. */
export interface RunStep {
  index: number;
  kind: string;
  text: string;
  status: string;
  result?: unknown;
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  calls?: Record<string, unknown>;
  job?: { status: string; progress?: number | null; message?: string | null; actuator?: string | null } | null;
}

/** A rollback run (`GET /v1/rollbacks/{id}`). */
export interface RollbackRun {
  id: string;
  releaseId: string;
  status: string;
  level: string;
  actor: string;
  reason: string;
  steps: RunStep[];
  createdAt: string;
  finishedAt: string | null;
}

/** Incident verification (R7.2). */
export interface Verification {
  gates?: { gate: string; state: string; sentence: string; samples: number | null }[];
  checks?: { component: string; ok: boolean; detail: string; url?: string }[];
  failures?: string[];
  configServesControl?: boolean;
}

/** An incident (`GET /v1/incidents` items). */
export interface Incident {
  id: string;
  releaseId: string;
  runId: string;
  status: string;
  times: Record<string, string | undefined>;
  blastRadius: { requests?: number; distinctKeys?: number; firstAt?: string; lastAt?: string } | null;
  verification: Verification | null;
  review: { rootCause: string; remediation: string; prevention: string; by: string; at: string } | null;
  openedAt: string;
  updatedAt: string;
}

/** `GET /v1/incidents/{id}`. */
export interface IncidentDetail {
  incident: Incident;
  release: { id: string; workflow: string; environment: string; name: string; control: string; candidate: string };
  timeline: { at: string; kind: string; actor: string; summary: string }[];
  metrics: { mttdMs: number | null; mttrMs: number | null; firstTry: boolean | null; level: string | null };
  /** Messages and evidence samples where the server includes them. */
  messages?: unknown;
}

/** `GET /v1/audit` items. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  hash: string;
}

/** `GET /v1/audit/verify`. */
export interface AuditVerify {
  ok: boolean;
  entries: number;
  headHash: string;
  firstBad?: { seq: number; problem: string };
}

/** One changed object on the live feed (`GET /v1/changes/stream`). */
export interface Change {
  kind: 'release' | 'gates' | 'run' | 'incident' | 'config' | 'audit';
  id: string;
  workflow: string | null;
  environment: string | null;
  releaseId: string | null;
}
