import { describe, expect, it } from 'vitest';
import { authorityActionOf, authorizePlan } from './authority/authority.js';
import { decide } from './machine/decision.js';
import { planRollback } from './planning/rollback-planner.js';
import { loadExample } from './ticket/test-fixtures.js';

const now = new Date('2026-05-02T10:20:00.000Z');

/** decision → plan → authority, as the release state machine will chain them in one tick. */
describe('one tick from evaluations to an authorised plan', () => {
  it('support-summary: a schema regression rolls back by its firstRollback, automatically', () => {
    const ex = loadExample('support-summary');
    const decision = decide({
      evaluations: [
        {
          gate: 'schema-failure-spike',
          state: 'breached',
          severity: 'rapid',
          metric: 'schema_failure_rate',
          statistic: 0.015,
          threshold: 0.01,
          segments: ['enterprise'],
        },
        { gate: 'latency-regression', state: 'passing', severity: 'rapid', metric: 'latency_p95' },
      ],
      criticality: ex.workflow.criticality,
      stage: { next: 'canary', bakeEndsAt: '2026-05-02T11:00:00.000Z', bakeMs: 3_600_000 },
      now,
    });
    expect(decision.kind).toBe('rollback-now');
    const plan = planRollback({ ...ex, breached: decision.rollback, live: { stage: 1 } });
    expect(plan.steps.map((s) => s.text)).toEqual([
      'set ai.action.mode = "draft-only" for segments enterprise',
      'restore modelRoute: claude-sonnet-5 → claude-sonnet-4-5',
    ]);
    const auth = authorizePlan({
      workflow: ex.workflow,
      release: ex.release,
      action: authorityActionOf(plan),
      actor: 'automatic',
      now,
    });
    expect(auth.outcome).toBe('allowed');
  });

  it('ride-pricing: an immediate breach plans level 2 with the compatibility reason and notifies the team lead', () => {
    const ex = loadExample('ride-pricing');
    const decision = decide({
      evaluations: [
        {
          gate: 'serving-errors',
          state: 'breached',
          severity: 'immediate',
          metric: 'error_rate',
          statistic: 0.09,
          threshold: 0.05,
        },
      ],
      criticality: ex.workflow.criticality,
      stage: { next: 'canary', bakeEndsAt: '2026-05-02T10:30:00.000Z', bakeMs: 1_800_000 },
      now,
    });
    expect(decision).toMatchObject({ kind: 'rollback-now', urgency: 'immediate' });
    const plan = planRollback({ ...ex, breached: decision.rollback, live: { stage: 1 } });
    expect(plan.level).toBe('level2');
    expect(plan.refusals[0]?.reason).toContain('model 41 requires featurePipeline fp-12');
    const auth = authorizePlan({
      workflow: ex.workflow,
      release: ex.release,
      action: authorityActionOf(plan),
      actor: 'automatic',
      now,
    });
    expect(auth.outcome === 'allowed' ? auth.notify : null).toMatchObject([
      { principals: ['lead-pricing'], acknowledgeBy: '2026-05-02T10:35:00.000Z' },
    ]);
  });

  it('support-summary: the same level-2 escalation is beyond its automatic list and waits for on-call', () => {
    const ex = loadExample('support-summary');
    const plan = planRollback({
      ...ex,
      breached: [{ gate: 'schema-failure-spike' }],
      live: { stage: 1 },
      requestedLevel: 2,
    });
    const auth = authorizePlan({
      workflow: ex.workflow,
      release: ex.release,
      action: authorityActionOf(plan),
      actor: 'automatic',
      now,
    });
    expect(auth.outcome === 'needs-approvals' ? auth.remaining.map((r) => r.principals) : null).toEqual([
      ['team-support-ai', 'team-ml-platform', 'oncall-ic'],
    ]);
  });
});
