/**
 * The one PostgreSQL schema, shared by both engines (PGlite and PostgreSQL). Migrations are
 * generated from this file by drizzle-kit (`npm run db:generate`) into `packages/server/drizzle/`.
 * Timestamps are written from the injected clock, never from `now()` in SQL, so simulations replay.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Workflows: what an AI feature is made of and who owns it. Re-applied specs update in place. */
export const workflows = pgTable('workflows', {
  name: text('name').primaryKey(),
  spec: jsonb('spec').notNull(),
  contentHash: text('content_hash').notNull(),
  createdAt: ts('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Bundles: immutable, content-addressed manifests; one per (workflow, version). */
export const bundles = pgTable(
  'bundles',
  {
    id: text('id').primaryKey(),
    workflow: text('workflow')
      .notNull()
      .references(() => workflows.name),
    version: text('version').notNull(),
    spec: jsonb('spec').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    archivedAt: ts('archived_at'),
    archivedBy: text('archived_by'),
  },
  (t) => [uniqueIndex('bundles_workflow_version').on(t.workflow, t.version)],
);

/** Where each label points now, per workflow and environment. */
export const labels = pgTable(
  'labels',
  {
    workflow: text('workflow').notNull(),
    environment: text('environment').notNull(),
    label: text('label').notNull(),
    bundleVersion: text('bundle_version').notNull(),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workflow, t.environment, t.label] })],
);

/** Append-only history of every label move (R1.3). */
export const labelHistory = pgTable(
  'label_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workflow: text('workflow').notNull(),
    environment: text('environment').notNull(),
    label: text('label').notNull(),
    fromVersion: text('from_version'),
    toVersion: text('to_version'),
    actor: text('actor').notNull(),
    reason: text('reason').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('label_history_lookup').on(t.workflow, t.environment, t.label, t.id)],
);

/** Retention holds: a bundle under a hold cannot be deleted or archived until the hold ends (R1.4). */
export const retentionHolds = pgTable(
  'retention_holds',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workflow: text('workflow').notNull(),
    bundleVersion: text('bundle_version').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    until: ts('until'),
    createdAt: ts('created_at').notNull(),
    releasedAt: ts('released_at'),
  },
  (t) => [index('retention_holds_bundle').on(t.workflow, t.bundleVersion)],
);

/** API tokens; only a SHA-256 of each token is stored. */
export const tokens = pgTable('tokens', {
  id: text('id').primaryKey(),
  subject: text('subject').notNull(),
  role: text('role').notNull(),
  hash: text('hash').notNull().unique(),
  scope: jsonb('scope'),
  createdAt: ts('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  revokedAt: ts('revoked_at'),
  revokedBy: text('revoked_by'),
});

/**
 * The audit chain's head kept outside the log table (one row, id 1): the count and hash of the
 * newest entry, written in the same transaction as every append. Deleting the newest log rows
 * leaves it ahead of the log, which `audit verify` reports (issue 14).
 */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  at: ts('at').notNull(),
});

/** Append-only, hash-chained audit log of every state change (R7.3). */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  subject: text('subject').notNull(),
  details: jsonb('details').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

/**
 * Configuration revisions (R3): every change to a workflow's flags, segments, serving bundles or
 * traffic split appends one row holding the workflow's complete configuration after the change.
 * Revisions are numbered per environment, monotonically; nothing edits a row.
 */
export const configRevisions = pgTable(
  'config_revisions',
  {
    environment: text('environment').notNull(),
    revision: bigint('revision', { mode: 'number' }).notNull(),
    workflow: text('workflow').notNull(),
    /** The workflow's full WorkflowConfig (protocol shape) after this change. */
    config: jsonb('config').notNull(),
    /** What changed, for the history: `{ kind, key?, ... }`. */
    change: jsonb('change').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.environment, t.revision] }),
    index('config_revisions_workflow').on(t.environment, t.workflow, t.revision),
  ],
);

/**
 * Releases (R2): the release ticket as written, and the persisted state machine around it. Every
 * timer is a stored timestamp (`stageStartedAt`, `bakeEndsAt`, …) so a restart replays exactly.
 */
export const releases = pgTable(
  'releases',
  {
    id: text('id').primaryKey(),
    workflow: text('workflow').notNull(),
    environment: text('environment').notNull(),
    name: text('name').notNull(),
    spec: jsonb('spec').notNull(),
    contentHash: text('content_hash').notNull(),
    status: text('status').notNull(),
    /** Index into the plan's stages; -1 before the first stage. */
    stage: bigint('stage', { mode: 'number' }).notNull(),
    /** The state the release's status keeps (features/releases/machine/status-state.ts). */
    state: jsonb('state').notNull(),
    /** Reference distributions declared for `driftFromReference` gates, by series. */
    references: jsonb('reference_distributions').notNull().default({}),
    createdAt: ts('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: ts('updated_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [uniqueIndex('releases_name').on(t.workflow, t.environment, t.name), index('releases_status').on(t.status)],
);

/** Every transition of a release, in order: the timeline incidents are built from. */
export const releaseEvents = pgTable(
  'release_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    releaseId: text('release_id').notNull(),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    details: jsonb('details').notNull(),
  },
  (t) => [index('release_events_release').on(t.releaseId, t.id)],
);

/** Decisions (R5.1) with their evidence and reasoning. */
export const decisions = pgTable(
  'decisions',
  {
    id: text('id').primaryKey(),
    releaseId: text('release_id').notNull(),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    reasoning: text('reasoning').notNull(),
    evidence: jsonb('evidence').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('decisions_release').on(t.releaseId, t.at)],
);

/**
 * The aggregated gate state of a running release (memory bounded by gates, not events), saved
 * with the idempotency keys of the batches it includes, so a restart neither loses nor repeats.
 */
export const gateStates = pgTable('gate_states', {
  releaseId: text('release_id').primaryKey(),
  state: jsonb('state').notNull(),
  applied: bigint('applied', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Responses to ingested batches by Idempotency-Key (kept 24 h): a retried batch is not counted twice. */
export const ingestBatches = pgTable(
  'ingest_batches',
  {
    key: text('key').primaryKey(),
    response: jsonb('response').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('ingest_batches_at').on(t.at)],
);

/**
 * Rollback runs (R7.1): a plan executed as persisted, idempotent steps. A restarted server resumes
 * every running run from its first unfinished step; at most one run per release is running.
 */
export const rollbackRuns = pgTable(
  'rollback_runs',
  {
    id: text('id').primaryKey(),
    releaseId: text('release_id').notNull(),
    status: text('status').notNull(),
    plan: jsonb('plan').notNull(),
    steps: jsonb('steps').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason').notNull(),
    /** When the rollback was asked for (before any wait for approvals): MTTD and MTTR start there. */
    requestedAt: ts('requested_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('rollback_runs_one_running')
      .on(t.releaseId)
      .where(sql`status = 'running'`),
    index('rollback_runs_release').on(t.releaseId, t.createdAt),
  ],
);

/**
 * Incidents (R7.1, R8.2): one per rollback run, with the times MTTD and MTTR are measured from,
 * the blast radius, the verification outcome and the post-incident review.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    releaseId: text('release_id').notNull(),
    runId: text('run_id').notNull().unique(),
    status: text('status').notNull(),
    /** Timestamps of the procedure (exposure, detection, decision, restore, verification, close). */
    times: jsonb('times').notNull(),
    blastRadius: jsonb('blast_radius'),
    verification: jsonb('verification'),
    review: jsonb('review'),
    openedAt: ts('opened_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('incidents_release').on(t.releaseId)],
);

/**
 * The customer message of an incident (R7.4) as operators wrote and recorded it: one row per
 * version, never edited (a correction is a new version); the audit log has each too.
 */
export const incidentCustomerMessages = pgTable(
  'incident_customer_messages',
  {
    incidentId: text('incident_id').notNull(),
    version: integer('version').notNull(),
    /** The R7.4 template it started from, if any (features/notifications/customer-templates.ts). */
    template: text('template'),
    text: text('text').notNull(),
    /** draft | sent: whether it went out to customers. */
    state: text('state').notNull(),
    by: text('by').notNull(),
    reason: text('reason').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.version] })],
);

/**
 * The notification outbox (R7.4): one row per notification and target, written in the same
 * transaction as the state change it reports, delivered at least once by the sender loop under a
 * stable Idempotency-Key. `target` is a target id, never its URL (Slack webhook URLs are secrets);
 * `body` holds the exact bytes sent, so every redelivery is identical.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: text('id').primaryKey(),
    key: text('key').notNull(),
    target: text('target').notNull(),
    kind: text('kind').notNull(),
    releaseId: text('release_id'),
    body: text('body').notNull(),
    status: text('status').notNull(),
    attempts: bigint('attempts', { mode: 'number' }).notNull(),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    uniqueIndex('notification_outbox_key_target').on(t.key, t.target),
    index('notification_outbox_due').on(t.status, t.nextAttemptAt),
  ],
);

/**
 * Alerts delivered by Alertmanager or the generic alert webhook (R4.5): one row per alert
 * occurrence (source, fingerprint, start), updated by its repeats and its resolve. Alerts that
 * match no running release's gate are kept with the reason (`outcome` unmatched), never dropped.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    source: text('source').notNull(),
    fingerprint: text('fingerprint').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    severity: text('severity'),
    labels: jsonb('labels').notNull(),
    annotations: jsonb('annotations').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at'),
    outcome: text('outcome').notNull(),
    /** The gates it was applied to: `[{ releaseId, release, gate }]`. */
    matches: jsonb('matches').notNull(),
    reason: text('reason'),
    firstReceivedAt: ts('first_received_at').notNull(),
    lastReceivedAt: ts('last_received_at').notNull(),
    resolvedAt: ts('resolved_at'),
    deliveries: bigint('deliveries', { mode: 'number' }).notNull(),
  },
  (t) => [index('alerts_outcome_received').on(t.outcome, t.lastReceivedAt)],
);

/**
 * The leader lease (ADR 0014): at most one row (id 1). The replica holding the session advisory
 * lock `ripcord.leader` bumps `token` when it takes over; every write to a fenced table checks, in
 * the writer's transaction, that its connection's `ripcord.fence` setting is the current token
 * (the `ripcord_fence` trigger of migration 0004), so a replica that lost the lock cannot act.
 * No row (PGlite, single process) means no fencing.
 */
export const leaderLease = pgTable('ripcord_leader', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  token: bigint('token', { mode: 'number' }).notNull(),
  holder: text('holder').notNull(),
  url: text('url'),
  since: ts('since').notNull(),
});

/**
 * Rollback drills (R8.1): a real rollback of a workflow, run through the planner and executor but
 * confined to a drill segment, then restored and verified. `detail` holds the steps with their
 * times, the verification of the rollback and of the restore, and what failed.
 */
export const drills = pgTable(
  'drills',
  {
    id: text('id').primaryKey(),
    workflow: text('workflow').notNull(),
    environment: text('environment').notNull(),
    level: bigint('level', { mode: 'number' }).notNull(),
    /** running | passed | failed. */
    status: text('status').notNull(),
    /** manual | schedule | post-deploy. */
    trigger: text('trigger').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason').notNull(),
    runId: text('run_id'),
    detail: jsonb('detail').notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('drills_workflow').on(t.workflow, t.environment, t.startedAt)],
);

/**
 * Chaos runs (R8.1): a fault injected into a drill release confined to the drill segment, with
 * what fired, when, and whether the rollback and its verification met the targets.
 */
export const chaosRuns = pgTable(
  'chaos_runs',
  {
    id: text('id').primaryKey(),
    workflow: text('workflow').notNull(),
    environment: text('environment').notNull(),
    fault: text('fault').notNull(),
    /** running | passed | failed. */
    status: text('status').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason').notNull(),
    runId: text('run_id'),
    detail: jsonb('detail').notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('chaos_runs_workflow').on(t.workflow, t.environment, t.startedAt)],
);

/**
 * Outputs of batch jobs (R5.4), by the bundle version that produced them. A re-run with the same
 * batch key supersedes the earlier outputs (kept, marked `superseded`); downstream systems mark a
 * bad version's outputs `invalidated` (who, when, why).
 */
export const batchOutputs = pgTable(
  'batch_outputs',
  {
    id: text('id').primaryKey(),
    workflow: text('workflow').notNull(),
    bundleVersion: text('bundle_version').notNull(),
    batchKey: text('batch_key').notNull(),
    batchId: text('batch_id').notNull(),
    inputHash: text('input_hash').notNull(),
    location: text('location').notNull(),
    outputHash: text('output_hash').notNull(),
    /** Custom ids or counts the job reports (`{ ids?: string[], count?: number }`). */
    items: jsonb('items').notNull(),
    /** valid | superseded | invalidated. */
    status: text('status').notNull(),
    supersededBy: text('superseded_by'),
    invalidation: jsonb('invalidation'),
    registeredBy: text('registered_by').notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('batch_outputs_version').on(t.workflow, t.bundleVersion),
    index('batch_outputs_key').on(t.workflow, t.batchKey),
  ],
);
