import { describe, expect, it } from 'vitest';
import type { RollbackPlan } from '../releases/planning/rollback-plan.js';
import { plainTime, suggestCustomerMessage } from './customer-message.js';
import type { IncidentRecord } from './incident-store.js';

const incident = (requests: number | null): IncidentRecord => ({
  id: 'inc_0123456789ab',
  releaseId: 'rel_0123456789ab',
  runId: 'run_0123456789ab',
  status: 'verified',
  times: { exposedAt: '2026-05-02T09:00:00.000Z', restoredAt: '2026-05-02T09:14:30.000Z' },
  blastRadius: requests === null ? null : { requests, distinctKeys: requests, firstAt: '2026-05-02T09:01:00.000Z' },
  verification: null,
  review: null,
  openedAt: new Date('2026-05-02T09:14:30.000Z'),
  updatedAt: new Date('2026-05-02T09:14:30.000Z'),
});
const release = { workflow: 'support-summary', name: 'sonnet-5-tier', environment: 'production' };
const plan = (steps: unknown[]) =>
  ({ workflow: 'support-summary', release: 'sonnet-5-tier', steps }) as unknown as RollbackPlan;

describe('the suggested customer message (R7.4)', () => {
  it('says in plain words what users saw, when, and that they need not act, without internals', () => {
    const s = suggestCustomerMessage(
      incident(120),
      release,
      plan([
        { kind: 'restore', component: 'modelRoute', from: 'sonnet-5', to: 'sonnet-4' },
        { kind: 'set-flag', flag: 'ai.action.mode', value: 'human-review', segments: null },
      ]),
      'llm',
    );
    expect(s.usersAffected).toBe(true);
    expect(s.templates.map((t) => t.id)).toEqual(['review-mode', 'known-issue']);
    expect(s.draft).toBe(
      [
        'Review mode enabled: This request will be reviewed before it is sent or applied.',
        'Known workflow issue: We found an issue affecting AI-generated responses for this task type and are restoring the prior behavior.',
        'This affected requests between 09:01 and 09:14 UTC on 2 May 2026; it is fixed now.',
        'You do not need to do anything.',
      ].join('\n\n'),
    );
    // Names of models, releases and prompts stay out of what customers read.
    expect(s.draft).not.toMatch(/sonnet|modelRoute|support-summary/);
    expect(s.why).toMatch(/Review mode enabled \(automatic actions moved to human-review\).*120 requests/);
  });

  it('suggests nothing when the bad version served no request, and the general template when no step shows', () => {
    const none = suggestCustomerMessage(incident(0), release, plan([]), 'llm');
    expect(none).toMatchObject({ usersAffected: false, draft: null, templates: [] });
    const unmeasured = suggestCustomerMessage(incident(null), release, plan([]), 'realtime');
    expect(unmeasured.usersAffected).toBeNull();
    expect(unmeasured.templates.map((t) => t.id)).toEqual(['known-issue']);
    expect(unmeasured.draft).toMatch(/AI-generated results.*between 09:00 and 09:14 UTC on 2 May 2026/s);
  });

  it('reads a time as customers do', () => {
    expect(plainTime('2026-12-31T23:05:00.000Z')).toBe('23:05 UTC on 31 December 2026');
    const open = { ...incident(5), times: { exposedAt: '2026-05-01T23:50:00.000Z' } };
    const s = suggestCustomerMessage({ ...open, blastRadius: null }, release, undefined, 'llm');
    expect(s.draft).toMatch(/This affects requests since 23:50 UTC on 1 May 2026\./);
    const brief = { ...open, times: { exposedAt: '2026-05-02T09:00:10.000Z', restoredAt: '2026-05-02T09:00:50.000Z' } };
    expect(suggestCustomerMessage({ ...brief, blastRadius: null }, release, undefined, 'llm').draft).toMatch(
      /This affected requests for a short while around 09:00 UTC on 2 May 2026; it is fixed now\./,
    );
  });
});
