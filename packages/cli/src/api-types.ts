/**
 * The control plane's HTTP answers as the CLI and the demo read them: one description of each
 * view, checked against the server's routes (`packages/server/src/features/…-routes.ts`) and
 * `GET /v1/openapi.json`. A field the server may leave out is optional here; nested parts the
 * CLI never reads are typed loosely (`unknown`) rather than copied.
 */

/** Where a release is in its life; terminal: promoted, rolled-back, aborted. */
export type ReleaseStatus = 'pending' | 'running' | 'paused' | 'rolling-back' | 'rolled-back' | 'promoted' | 'aborted';

/** A rollback level, as a release's `automatic:` list and a plan name it. */
export type RollbackLevel = 'flags' | 'level1' | 'level2' | 'level3' | 'level4';

/** The body of one plan stage (`offline`, `canary` or `promote`); each kind fills its own fields. */
export interface PlanStageBody {
  percent?: number;
  bake?: string;
  segment?: string;
  tasks?: number;
  dataset?: string;
}

/** A release ticket's spec as the API returns it (the parts the CLI reads). */
export interface ReleaseSpecView {
  control: string;
  candidate: string;
  /** In order; each stage has exactly one key: `offline`, `canary` or `promote`. */
  plan: Record<string, PlanStageBody>[];
  firstRollback: { level?: 1 | 2 | 3 | 4; restore?: string[]; set?: Record<string, unknown> };
  automatic: RollbackLevel[];
}

/** The state machine's timers (ISO times), each present only once it applies. */
export interface ReleaseTimersView {
  stageStartedAt?: string;
  bakeEndsAt?: string;
  pausedBy?: string;
  pauseReason?: string;
  cooldownEndsAt?: string;
  firstBreachAt?: string;
  offlineEvidence?: string;
  lastDecision?: string;
  pendingRollback?: Record<string, unknown>;
  teamLeadAckBy?: string;
  teamLeadAckedAt?: string;
  teamLeadMissed?: string;
  gateSince?: Record<string, { state: string; since: string }>;
}

/** A release as `GET /v1/releases`, `GET /v1/releases/{id}` and the release actions return it. */
export interface ReleaseView {
  id: string;
  workflow: string;
  environment: string;
  name: string;
  status: ReleaseStatus;
  /** The current plan stage's index; -1 before the release starts. */
  stage: number;
  spec: ReleaseSpecView;
  contentHash: string;
  timers: ReleaseTimersView;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One timeline entry of a release. */
export interface TimelineEntry {
  id: number;
  releaseId: string;
  at: string;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

/** One stored decision of a release. */
export interface DecisionView {
  id: string;
  releaseId: string;
  at: string;
  kind: string;
  reasoning: string;
  actor: string;
  evidence: { gates?: string[]; urgency?: string | null } & Record<string, unknown>;
}

/** `GET /v1/releases/{id}`. */
export interface ReleaseShown {
  release: ReleaseView;
  timeline: TimelineEntry[];
  decisions: DecisionView[];
}

/** One step of a rollback plan. */
export interface PlanStepView {
  kind: 'pause' | 'set-flag' | 'traffic' | 'restore' | 'job';
  /** The authority the step needs; `null` for pause. */
  level: RollbackLevel | null;
  gates: string[];
  text: string;
}

/** A rollback plan: `GET /v1/releases/{id}/rollback-plan`, and inside readiness and rollback answers. */
export interface RollbackPlanView {
  status: 'planned' | 'no-op' | 'refused';
  reason: string | null;
  release: string;
  workflow: string;
  control: string;
  candidate: string;
  level: RollbackLevel;
  steps: PlanStepView[];
  covers: string[];
  sources: { gate: string | null; from: 'action' | 'firstRollback' | 'override' | 'readiness' }[];
  automation: RollbackLevel[];
  noops: { what: string; reason: string; gates: string[] }[];
  refusals: { level: RollbackLevel; reason: string; escalatedTo: RollbackLevel | null }[];
  conflicts: string[];
  override: { by: string; reason: string } | null;
  cannotUndo: { kind: 'side-effect' | 'batch-output' | 'cached-state'; text: string }[];
  estimate: { level: RollbackLevel; typicalSeconds: number; upperSeconds: number; text: string };
  notes: string[];
}

/** One health check of a component. */
export interface HealthCheckView {
  component: string;
  url: string;
  ok: boolean;
  detail: string;
}

/** `GET /v1/releases/{id}/readiness`: blocked with reasons, or ready, with the rollback it would run. */
export interface ReadinessView {
  ready: boolean;
  blockers: string[];
  warnings: string[];
  checks: HealthCheckView[];
  /** Each signal source the gates read (R4.5); absent from servers before signal sources. */
  signals?: SignalSourceView[];
  plan: RollbackPlanView | null;
}

/** The health of one signal source (a Prometheus or Datadog server, or the alert webhooks). */
export interface SignalSourceView {
  source: string;
  system: 'prometheus' | 'datadog' | 'alert';
  url: string | null;
  status: 'ok' | 'failing' | 'not-configured';
  detail: string;
  gates: string[];
}

/** One rollback level of production's rollback path, planned as it would run now. */
export interface LevelReadinessView {
  level: RollbackLevel;
  status: 'available' | 'refused' | 'escalated' | 'no-op';
  reason: string | null;
  estimate: RollbackPlanView['estimate'];
  steps: string[];
}

/** Production's rollback path, when a workflow has no active release in the environment. */
export interface ProductionRollbackView {
  production: string | null;
  target: string | null;
  targetFrom: 'previous-label' | 'label-history' | null;
  levels: LevelReadinessView[];
  /** The fastest available level's estimate; `null` when no level can run. */
  estimate: RollbackPlanView['estimate'] | null;
  command: string | null;
}

/** `GET /v1/workflows/{workflow}/environments/{environment}/readiness` (R2.3 for any workflow). */
export interface WorkflowReadinessView extends ReadinessView {
  workflow: string;
  environment: string;
  release: { id: string; name: string; status: ReleaseStatus } | null;
  rollback: ProductionRollbackView | null;
}

/** `POST /v1/releases/{id}/start`. */
export interface StartAnswer {
  started: boolean;
  readiness: ReadinessView;
  release: ReleaseView;
}

/** `POST /v1/releases/{id}/rollback`: what a rollback request did. */
export interface RollbackOutcome {
  status: 'executed' | 'joined' | 'awaiting-approval' | 'refused' | 'no-op';
  /** The run that executed (or is executing) the plan; absent when none ran. */
  runId?: string;
  runStatus?: RunView['status'];
  releaseStatus: ReleaseStatus;
  plan: RollbackPlanView;
  authority: Record<string, unknown> | null;
  executed: string[];
  summary: string;
}

/** `POST /v1/releases/{id}/approvals`: a refusal, or the outcome of the rollback a grant ran. */
export type ApprovalAnswer = RollbackOutcome | { status: 'refused-by-approver'; summary: string };

/** A level 3/4 job a rollback step waits for. */
export interface RunJob {
  status: 'dispatched' | 'manual' | 'running' | 'succeeded' | 'failed';
  /** 0..1, as last reported. */
  progress: number;
  message?: string;
  /** The actuator it was dispatched to, or null when run by hand. */
  actuator: string | null;
  dispatchedAt: string;
  deadlineAt: string;
  updatedAt: string;
  reportedBy?: string;
}

/** One step of a rollback run. */
export interface RunStepView {
  index: number;
  kind: string;
  text: string;
  key: string;
  status: 'pending' | 'started' | 'waiting' | 'done' | 'failed';
  startedAt?: string;
  finishedAt?: string;
  result?: string;
  error?: string;
  calls?: Record<string, string>;
  job?: RunJob;
}

/** A rollback run as `GET /v1/rollbacks/{id}` shows it (OpenAPI `RollbackRun`). */
export interface RunView {
  id: string;
  releaseId: string;
  status: 'running' | 'succeeded' | 'failed';
  level: string;
  actor: string;
  reason: string;
  steps: RunStepView[];
  plan: Record<string, unknown>;
  /** The actuator declarations the run uses, fixed when it started (`null` for runs from before that). */
  actuators: Record<string, Record<string, unknown>> | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** One gate as `GET /v1/releases/{id}/gates` evaluates it (OpenAPI `GateEvaluation`). */
export interface GateView {
  gate: string;
  metric: string;
  state: 'passing' | 'breached' | 'inconclusive';
  computedState: 'passing' | 'breached' | 'inconclusive';
  statistic: number | null;
  threshold: number | null;
  control: number | null;
  samples: { candidate: number; control: number | null };
  window: string;
  sentence: string;
  severity: 'immediate' | 'rapid' | 'delayed';
  criticality: 'business-critical' | 'experimental' | null;
  override: { force: 'breached' | 'passing'; actor: string; reason: string; at: string } | null;
  reason: string | null;
  evaluatedAt: string;
}

/** `GET /v1/releases/{id}/gates` (OpenAPI `ReleaseGates`). */
export interface GatesShown {
  release: { id: string; workflow: string; environment: string; name: string; status: string };
  live: boolean;
  evaluatedAt: string;
  alpha: number;
  counts: { passing: number; breached: number; inconclusive: number };
  applied: { events: number; ignored: number };
  gates: GateView[];
}

/** `GET /v1/workflows/{w}/environments/{e}/config` (the parts the demo reads). */
export interface ConfigShown {
  revision: number;
  config: {
    split?: { release: string; percent: number; candidate?: string };
    flags?: Record<string, { variants?: Record<string, unknown>; defaultVariant?: string }>;
    bundles?: { control?: { version: string }; candidate?: { version: string } };
  };
}

/** One audit entry (OpenAPI `AuditEntry`). */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** What verification of a restore found. */
export interface VerificationView {
  checks: HealthCheckView[];
  configServesControl: boolean;
  /** The gates that fired, read on the restored route; absent or `null` when none could be read. */
  gates?: { gate: string; state: GateView['state']; sentence: string; samples: number | null }[] | null;
  failures: string[];
  escalation?: string;
}

/** An incident as `GET /v1/incidents` lists it and `POST /v1/incidents/{id}/review` returns it. */
export interface IncidentView {
  id: string;
  releaseId: string;
  runId: string;
  status: 'verifying' | 'verified' | 'escalated' | 'closed';
  /** The measured times (ISO), each present once it happened. */
  times: {
    exposedAt?: string;
    detectedAt?: string;
    decidedAt?: string;
    restoredAt?: string;
    verifiedAt?: string;
    verifyUntil?: string;
    closedAt?: string;
  };
  blastRadius: { requests: number; distinctKeys: number; firstAt?: string; lastAt?: string } | null;
  verification: VerificationView | null;
  review: { rootCause: string; remediation: string; prevention: string; by: string; at: string } | null;
  openedAt: string;
  updatedAt: string;
}

/** `GET /v1/incidents/{id}`: the incident with its release, timeline and MTTD/MTTR. */
export interface IncidentShown {
  incident: IncidentView;
  release: { id: string; workflow: string; environment: string; name: string; control: string; candidate: string };
  timeline: { at: string; kind: string; actor: string; summary: string }[];
  metrics: { mttdMs: number | null; mttrMs: number | null; firstTry: boolean; level: string };
}
