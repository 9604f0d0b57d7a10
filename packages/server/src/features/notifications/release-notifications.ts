/**
 * Which release timeline events are worth a notification, and what each says. The release state
 * machine calls `notificationForReleaseEvent` with the event it just recorded (inside the same
 * transaction) and passes a non-null result to `NotificationService.notify`. The key is derived
 * from the event's id, so recording the same event twice can never notify twice.
 */
import type { RollbackPlan } from '../releases/planning/rollback-plan.js';
import { customerImpactFromPlan, type CustomerImpact } from './customer-templates.js';
import type { NotificationDetails, NotificationEvent, NotificationKind } from './notification-model.js';

/** The release a timeline event belongs to. */
export interface ReleaseRef {
  id: string;
  name: string;
  workflow: string;
  environment: string;
}

/** A timeline event as the release store records it (`id` once stored). */
export interface TimelineEvent {
  id?: number;
  kind: string;
  at: Date;
  actor: string;
  details: Readonly<Record<string, unknown>>;
}

/** What the caller may add: the plan (for the ETA and the customer messages), or the impact itself. */
export interface ReleaseNotificationExtra {
  plan?: RollbackPlan;
  customer?: CustomerImpact;
}

type Mapped = { kind: NotificationKind; summary: string; details?: NotificationDetails } | null;
type Mapper = (d: Readonly<Record<string, unknown>>, e: TimelineEvent, x: ReleaseNotificationExtra) => Mapped;

/** The release event kinds that notify, and how. Every other kind maps to `null`. */
export const releaseEventNotifications: Readonly<Record<string, Mapper>> = {
  decision: (d, _e, x) => {
    const gates = strings(d.gates);
    if (d.kind === 'rollback-now')
      return {
        kind: 'decision',
        summary: `Rollback decided: ${text(d.reasoning, `gates ${gates.join(', ')} breached`)}`,
        details: { gates, ...(x.plan ? { level: x.plan.level, eta: x.plan.estimate.text } : {}) },
      };
    if (d.kind === 'investigate')
      return {
        kind: 'detected',
        summary: `Investigate: ${text(d.reasoning, `gates ${gates.join(', ')}`)}`,
        details: { gates, action: 'None automatic: a person reviews the evidence.' },
      };
    return null;
  },
  'rollback.executed': (d, _e, x) => ({
    kind: 'executing',
    summary: text(d.summary, 'The rollback ran.'),
    details: {
      ...level(d),
      gates: strings(d.covers),
      steps: strings(d.steps),
      action: `${strings(d.steps).length} rollback step(s) applied.`,
      ...(x.plan ? { eta: x.plan.estimate.text } : {}),
      ...customer(x),
    },
  }),
  'rollback.resumed': (d) => ({
    kind: 'executing',
    summary: `${typeof d.run === 'string' ? `Rollback ${d.run}` : 'The rollback'} resumed after a restart, from its first unfinished step.`,
    details: { steps: strings(d.steps), ...(typeof d.run === 'string' ? { runId: d.run } : {}) },
  }),
  'rollback.awaiting-approval': (d) => ({
    kind: 'decision',
    summary: `Rollback waiting for approval: ${text(d.summary, 'approvals required')}`,
    details: { ...level(d), gates: strings(d.covers), status: 'Waiting for approvals; nothing has changed yet.' },
  }),
  'rollback.refused': (d) => ({
    kind: 'escalated',
    summary: `No rollback ran: ${text(d.summary, 'refused')}`,
    details: { ...level(d), gates: strings(d.covers), action: 'The incident commander is needed.' },
  }),
  'rollback.failed': (d) => ({
    kind: 'escalated',
    summary: `Rollback failed: ${text(d.reason, 'a step failed')}`,
    details: { steps: strings(d.steps), action: text(d.escalation, 'The incident commander is paged.') },
  }),
  'approval.refused': (d, e) => ({
    kind: 'decision',
    summary: `${e.actor} refused ${theRollback(d)}: ${text(d.reason, 'no reason given')}`,
    details: { ...level(d), status: 'No rollback; the candidate keeps its traffic.' },
  }),
  'approval.expired': (d) => ({
    kind: 'escalated',
    summary: `Nobody approved ${theRollback(d)} in time.`,
    details: { ...level(d), action: text(d.escalation, 'The incident commander is paged.') },
  }),
  'notify.team-lead': (d) => ({
    kind: 'escalated',
    summary: `Team lead notified (${strings(d.principals).join(', ') || 'team lead'}): acknowledge by ${text(d.acknowledgeBy, 'the deadline')}.`,
    details: {
      action: text(d.reason, 'Level-2 rollback: the team lead is notified (R6.1).'),
      status: 'Waiting for the acknowledgement.',
    },
  }),
  'notify.team-lead-missed': (d) => ({
    kind: 'escalated',
    summary: `The team lead did not acknowledge by ${text(d.deadline, 'the deadline')}.`,
    details: { action: text(d.escalation, 'The incident commander is paged.') },
  }),
  'verification.passed': (d, _e, x) => ({
    kind: 'verified',
    summary: 'The restored version passed verification: health checks pass and the configuration serves it.',
    details: { ...(typeof d.incident === 'string' ? { incidentId: d.incident } : {}), ...customer(x) },
  }),
  'verification.failed': (d) => ({
    kind: 'verification-failed',
    summary: `Verification failed: ${strings(d.failures).join('; ') || 'see the incident'}`,
    details: {
      ...(typeof d.incident === 'string' ? { incidentId: d.incident } : {}),
      action: text(d.escalation, 'Escalating to the incident commander.'),
    },
  }),
  'incident.closed': (d) => ({
    kind: 'closed',
    summary: 'The incident is closed with its post-incident review.',
    details: {
      ...(typeof d.rootCause === 'string' ? { rootCause: d.rootCause } : {}),
      ...(typeof d.remediation === 'string' ? { remediation: d.remediation } : {}),
      ...(typeof d.prevention === 'string' ? { prevention: d.prevention } : {}),
    },
  }),
};

/** The notification a release timeline event calls for, or `null`. */
export function notificationForReleaseEvent(
  release: ReleaseRef,
  event: TimelineEvent,
  extra: ReleaseNotificationExtra = {},
): NotificationEvent | null {
  const mapper = Object.hasOwn(releaseEventNotifications, event.kind)
    ? releaseEventNotifications[event.kind]
    : undefined;
  const mapped = mapper?.(event.details, event, extra);
  if (!mapped) return null;
  return {
    kind: mapped.kind,
    release: release.name,
    workflow: release.workflow,
    environment: release.environment,
    summary: mapped.summary,
    at: event.at,
    key: `${release.id}:${event.id ?? `${event.kind}@${event.at.toISOString()}`}`,
    details: { actor: event.actor, releaseId: release.id, ...mapped.details },
  };
}

function customer(x: ReleaseNotificationExtra): Pick<NotificationDetails, 'customer'> {
  const impact = x.customer ?? (x.plan ? customerImpactFromPlan(x.plan) : undefined);
  return impact ? { customer: impact } : {};
}

function level(d: Readonly<Record<string, unknown>>): Pick<NotificationDetails, 'level'> {
  return typeof d.level === 'string' ? { level: d.level } : {};
}

function theRollback(d: Readonly<Record<string, unknown>>): string {
  return typeof d.level === 'string' ? `the ${d.level} rollback` : 'the rollback';
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
