/**
 * The types of notifications (R7.4): what the rest of ripcord reports, and where it goes. The
 * domain owns these; the templates render them, the outbox stores them, the sender delivers them.
 */
import type { CustomerImpact } from './customer-templates.js';

/** The stages of a rollback that are reported internally, in the order they usually happen. */
export const notificationKinds = [
  'detected',
  'decision',
  'executing',
  'verified',
  'verification-failed',
  'escalated',
  'closed',
  'drill',
  'chaos',
] as const;

/**
 * One stage of a rollback: detected, decision, executing, verified, verification-failed, escalated,
 * closed; or `drill`: a rollback drill is due, or a scheduled drill ran (features/drills); or
 * `chaos`: a chaos check failed (features/chaos).
 */
export type NotificationKind = (typeof notificationKinds)[number];

/** Optional facts an internal notification shows; every one has a per-stage default. */
export interface NotificationDetails {
  /** The action taken (or planned), in words: "traffic to control; ai.action.mode=human-review". */
  action?: string;
  /** The system's status now: "rolling back", "restored and verified". */
  status?: string;
  /** The estimated time to resolution, in words ("typically 5 min, at most 15 min"). */
  eta?: string;
  /** The rollback level (flags, level1 … level4). */
  level?: string;
  /** The gates involved. */
  gates?: readonly string[];
  /** The steps run or planned, one line each. */
  steps?: readonly string[];
  /** Who acted (a token subject, or `ripcord` for the automation). */
  actor?: string;
  /** The rollback run and incident, for cross-reference. */
  runId?: string;
  incidentId?: string;
  /** The release's id (the outbox indexes it); `release` stays the human-readable name. */
  releaseId?: string;
  /** Where the incident is followed; overrides the server's RIPCORD_INCIDENT_CHANNEL. */
  incidentChannel?: string;
  /** Post-rollback communication (closed): root cause, remediation, prevention. */
  rootCause?: string;
  remediation?: string;
  prevention?: string;
  /** What users saw; when present the customer messages of R7.4 are attached, ready to send. */
  customer?: CustomerImpact;
}

/** Something to report: one stage of one release's rollback. */
export interface NotificationEvent {
  kind: NotificationKind;
  /** The release's name (as the ticket names it). */
  release: string;
  workflow: string;
  environment: string;
  /** What happened, in one or two sentences. */
  summary: string;
  details?: NotificationDetails;
  /** When it happened (default: the service's clock). */
  at?: Date;
  /**
   * The notification's identity: its Idempotency-Key. Enqueuing the same key twice is a no-op,
   * so a caller that may repeat itself (a resumed run) passes a key derived from what it reports.
   * Default: a fresh random key.
   */
  key?: string;
}

/** Where notifications go: a Slack-compatible incoming webhook, or a signed generic webhook. */
export interface NotifyTarget {
  kind: 'slack' | 'webhook';
  url: string;
  /** A stable id derived from kind and URL (a hash): stored in the outbox instead of the URL. */
  id: string;
  /** The URL without path or query, safe to log (a Slack webhook's path is its secret). */
  display: string;
}
