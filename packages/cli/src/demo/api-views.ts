/**
 * The parts of the control plane's HTTP answers the demo reads (release, timeline, decisions,
 * gates, configuration, audit). Only public API shapes; fields the demo does not use are left out.
 */

/** A release as `GET /v1/releases/{id}` shows it. */
export interface ReleaseView {
  id: string;
  workflow: string;
  environment: string;
  name: string;
  status: string;
  stage: number;
  spec: {
    control: string;
    candidate: string;
    plan: Record<string, { percent?: number; bake?: string; tasks?: number; segment?: string }>[];
    firstRollback?: { level?: number; restore?: string[]; set?: Record<string, unknown> };
    automatic?: string[];
  };
  timers: Record<string, unknown>;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One timeline entry of a release. */
export interface TimelineEntry {
  at: string;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

/** One stored decision of a release. */
export interface DecisionView {
  id: string;
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

/** One gate as `GET /v1/releases/{id}/gates` evaluates it. */
export interface GateView {
  gate: string;
  metric: string;
  state: 'passing' | 'breached' | 'inconclusive';
  statistic: number | null;
  threshold: number | null;
  control: number | null;
  samples: { candidate: number; control: number | null };
  window: string;
  sentence: string;
  severity: 'immediate' | 'rapid' | 'delayed';
}

/** `GET /v1/releases/{id}/gates`. */
export interface GatesShown {
  live: boolean;
  evaluatedAt: string;
  counts: { passing: number; breached: number; inconclusive: number };
  applied: { events: number; ignored: number };
  gates: GateView[];
}

/** `GET /v1/workflows/{w}/environments/{e}/config`. */
export interface ConfigShown {
  revision: number;
  config: {
    split?: { release: string; percent: number; candidate?: string };
    flags?: Record<string, { variants?: Record<string, unknown>; defaultVariant?: string }>;
    bundles?: { control?: { version: string }; candidate?: { version: string } };
  };
}

/** One audit entry. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
}

/** `POST /v1/releases/{id}/start`. */
export interface StartAnswer {
  started: boolean;
  readiness: {
    ready: boolean;
    blockers: string[];
    warnings: string[];
    plan: { level: string; estimate: { text: string }; refusals: { reason: string }[] } | null;
  };
  release: ReleaseView;
}

/** An incident as `GET /v1/incidents` lists it. */
export interface IncidentRecordView {
  id: string;
  releaseId: string;
  runId: string;
  status: 'verifying' | 'verified' | 'escalated' | 'closed';
  times: {
    exposedAt?: string;
    detectedAt?: string;
    decidedAt?: string;
    restoredAt?: string;
    verifiedAt?: string;
    verifyUntil?: string;
  };
  blastRadius: { requests: number; distinctKeys: number } | null;
  verification: {
    checks: { component: string; url: string; ok: boolean; detail: string }[];
    configServesControl: boolean;
    failures: string[];
    escalation?: string;
  } | null;
}

/** `GET /v1/incidents/{id}`. */
export interface IncidentShown {
  incident: IncidentRecordView;
  metrics: { mttdMs: number | null; mttrMs: number | null; firstTry: boolean; level: string };
}
