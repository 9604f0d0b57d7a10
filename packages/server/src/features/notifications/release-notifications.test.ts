import { describe, expect, it } from 'vitest';
import { notificationForReleaseEvent, type ReleaseRef, type TimelineEvent } from './release-notifications.js';

const release: ReleaseRef = {
  id: 'rel_abc',
  name: 'sonnet-5-tier',
  workflow: 'support-summary',
  environment: 'production',
};
const at = new Date('2026-05-02T09:20:00.000Z');
const ev = (kind: string, details: Record<string, unknown>, id = 7): TimelineEvent => ({
  id,
  kind,
  at,
  actor: 'ripcord',
  details,
});

describe('release timeline events → notifications', () => {
  it('maps a finished rollback run to an "executing" notification keyed by the event', () => {
    const n = notificationForReleaseEvent(
      release,
      ev('rollback.executed', {
        status: 'executed',
        level: 'level2',
        summary: 'level2 rollback ran: traffic to control',
        steps: ['traffic to control (done)'],
        covers: ['error_rate'],
      }),
    );
    expect(n).toEqual({
      kind: 'executing',
      release: 'sonnet-5-tier',
      workflow: 'support-summary',
      environment: 'production',
      summary: 'level2 rollback ran: traffic to control',
      at,
      key: 'rel_abc:7',
      details: {
        actor: 'ripcord',
        releaseId: 'rel_abc',
        level: 'level2',
        gates: ['error_rate'],
        steps: ['traffic to control (done)'],
        action: '1 rollback step(s) applied.',
      },
    });
  });

  it('maps decisions, approvals, verification and close to their stages; ignores the rest', () => {
    const kind = (k: string, d: Record<string, unknown> = {}) =>
      notificationForReleaseEvent(release, ev(k, d))?.kind ?? null;
    expect(kind('decision', { kind: 'rollback-now', gates: ['g'], reasoning: 'g breached' })).toBe('decision');
    expect(kind('decision', { kind: 'investigate', gates: ['g'] })).toBe('detected');
    expect(kind('decision', { kind: 'continue' })).toBeNull();
    expect(kind('rollback.awaiting-approval', { level: 'level3' })).toBe('decision');
    expect(kind('rollback.refused', { summary: 'no safe rollback' })).toBe('escalated');
    expect(kind('approval.expired', { level: 'level3', escalation: 'incident commander paged' })).toBe('escalated');
    expect(kind('notify.team-lead', { principals: ['lead'], acknowledgeBy: '2026-05-02T09:35:00.000Z' })).toBe(
      'escalated',
    );
    expect(kind('verification.passed', { incident: 'inc_1' })).toBe('verified');
    expect(kind('verification.failed', { incident: 'inc_1', failures: ['model health check: HTTP 503'] })).toBe(
      'verification-failed',
    );
    expect(kind('incident.closed', { rootCause: 'r', remediation: 'm', prevention: 'p' })).toBe('closed');
    expect(kind('release.stage-started')).toBeNull();
    expect(kind('toString')).toBeNull();
  });

  it('carries the escalation and failures of a failed verification', () => {
    const n = notificationForReleaseEvent(
      release,
      ev('verification.failed', {
        incident: 'inc_1',
        failures: ['model health check: HTTP 503'],
        escalation: 'IC paged',
      }),
    );
    expect(n?.summary).toBe('Verification failed: model health check: HTTP 503');
    expect(n?.details).toMatchObject({ incidentId: 'inc_1', action: 'IC paged' });
  });
});
