import { describe, expect, it } from 'vitest';
import { planRollback } from './rollback-planner.js';
import type { PlanInput, PlanStep, RollbackPlan } from './rollback-plan.js';
import { loadExample, type ExampleName } from '../ticket/test-fixtures.js';

function input(name: ExampleName, patch: Partial<PlanInput> = {}): PlanInput {
  const { release, control, candidate } = loadExample(name);
  return { release, control, candidate, breached: [], live: { stage: 2 }, ...patch };
}

const kinds = (plan: RollbackPlan): string[] => plan.steps.map((s) => s.kind);
const restores = (plan: RollbackPlan): string[] =>
  plan.steps.flatMap((s) => (s.kind === 'restore' ? [`${s.component}:${s.from}->${s.to}`] : []));
const flagSteps = (plan: RollbackPlan): Extract<PlanStep, { kind: 'set-flag' }>[] =>
  plan.steps.filter((s): s is Extract<PlanStep, { kind: 'set-flag' }> => s.kind === 'set-flag');

describe('ride-pricing: a level-1 rollback that would break compatibility', () => {
  const plan = planRollback(input('ride-pricing', { breached: [{ gate: 'accuracy-slo' }] }));

  it('refuses level 1 because model 41 requires fp-12 while the live pipeline would be fp-13', () => {
    expect(plan.refusals).toHaveLength(1);
    const [refusal] = plan.refusals;
    expect(refusal?.level).toBe('level1');
    expect(refusal?.escalatedTo).toBe('level2');
    expect(refusal?.reason).toContain(
      'model 41 requires featurePipeline fp-12 but the live featurePipeline would be fp-13',
    );
    expect(refusal?.conflicts).toContainEqual({
      component: 'model',
      needs: 'featurePipeline',
      required: 'fp-12',
      actual: 'fp-13',
    });
  });

  it('plans level 2: all traffic to control and the whole control manifest, flags included', () => {
    expect(plan.status).toBe('planned');
    expect(plan.level).toBe('level2');
    expect(plan.automation).toEqual(['level2']);
    expect(kinds(plan)).toEqual(['traffic', 'set-flag', 'restore', 'restore', 'restore', 'restore']);
    expect(plan.steps[0]).toMatchObject({ kind: 'traffic', to: 'control', percent: 0, level: 'level2' });
    expect(flagSteps(plan)[0]).toMatchObject({ flag: 'ai.route.provider', value: 'demand-gbm-41', segments: null });
    expect(restores(plan)).toEqual([
      'model:42->41',
      'featurePipeline:fp-13->fp-12',
      'dataSnapshot:iceberg://warehouse.trips@snapshot-90177->iceberg://warehouse.trips@snapshot-88412',
      'serving:registry.local/pricing-server:3.9.0->registry.local/pricing-server:3.8.1',
    ]);
    expect(plan.covers).toEqual(['accuracy-slo']);
    expect(plan.sources).toEqual([{ gate: 'accuracy-slo', from: 'firstRollback' }]);
  });

  it('estimates minutes for level 2', () => {
    expect(plan.estimate).toMatchObject({ level: 'level2', mode: 'switch', upperSeconds: 900, awaitsApproval: false });
  });
});

describe('support-summary: the first rollback', () => {
  const plan = planRollback(
    input('support-summary', { breached: [{ gate: 'schema-failure-spike', segments: ['enterprise'] }] }),
  );

  it('restores the model route only and says the unchanged prompt is a no-op', () => {
    expect(plan.level).toBe('level1');
    expect(restores(plan)).toEqual(['modelRoute:claude-sonnet-5->claude-sonnet-4-5']);
    expect(plan.noops).toEqual([
      {
        what: 'restore prompt',
        reason: 'prompt is the same in control and candidate (3f2c1ab); restoring it changes nothing',
        gates: ['schema-failure-spike'],
      },
    ]);
    expect(plan.refusals).toEqual([]);
  });

  it('sets ai.action.mode=draft-only for the affected segments only, before the restore', () => {
    expect(kinds(plan)).toEqual(['set-flag', 'restore']);
    expect(flagSteps(plan)[0]).toMatchObject({
      flag: 'ai.action.mode',
      value: 'draft-only',
      segments: ['enterprise'],
      reducesAutomation: true,
    });
    expect(plan.automation).toEqual(['flags', 'level1']);
  });

  it('lists the write tool as a possible irreversible side effect when no facts are given', () => {
    expect(plan.cannotUndo).toMatchObject([{ kind: 'side-effect', tool: 'issue_refund', count: null }]);
  });
});

describe('several gates at once', () => {
  const plan = planRollback(
    input('support-summary', {
      breached: [
        { gate: 'safety-blocks', segments: ['smb'] },
        { gate: 'schema-failure-spike', segments: ['enterprise'] },
        { gate: 'review-rejection' },
        { gate: 'cost-per-successful-task' },
        { gate: 'latency-regression' },
      ],
    }),
  );

  it('covers every gate with the smallest set of steps', () => {
    expect(plan.covers).toEqual([
      'schema-failure-spike',
      'latency-regression',
      'cost-per-successful-task',
      'review-rejection',
      'safety-blocks',
    ]);
    expect(kinds(plan)).toEqual(['pause', 'set-flag', 'traffic', 'restore']);
  });

  it('keeps one all-traffic draft-only step, which covers the weaker segment requests', () => {
    const [flag] = flagSteps(plan);
    expect(flag).toMatchObject({ flag: 'ai.action.mode', value: 'draft-only', segments: null });
    expect(flag?.gates).toEqual(['review-rejection', 'schema-failure-spike', 'safety-blocks']);
    expect(plan.noops.filter((n) => n.reason.startsWith('covered by')).map((n) => n.gates)).toEqual([
      ['schema-failure-spike'],
      ['safety-blocks'],
    ]);
  });

  it('restores the model route once for both gates that ask for it, and lowers traffic to the previous stage', () => {
    const restore = plan.steps.find((s) => s.kind === 'restore');
    expect(restore?.gates).toEqual(['schema-failure-spike', 'latency-regression']);
    expect(plan.steps.find((s) => s.kind === 'traffic')).toMatchObject({
      to: 'previous-stage',
      percent: 5,
      level: 'flags',
    });
  });

  it('keeps a stronger segment value beside a weaker all-traffic one', () => {
    const mixed = planRollback(
      input('support-summary', {
        breached: [
          { gate: 'safety-blocks', segments: ['smb'] },
          { gate: 'external-alert', action: { set: { 'ai.action.mode': 'queued' } } },
        ],
      }),
    );
    expect(flagSteps(mixed).map((s) => [s.value, s.segments])).toEqual([
      ['queued', null],
      ['human-review', ['smb']],
    ]);
  });
});

describe('then: firstRollback and pause', () => {
  it('freezes first, then runs the first rollback (complaints)', () => {
    const plan = planRollback(
      input('support-summary', { breached: [{ gate: 'customer-complaints', segments: ['smb'] }] }),
    );
    expect(kinds(plan)).toEqual(['pause', 'set-flag', 'restore']);
    expect(plan.sources).toEqual([
      { gate: 'customer-complaints', from: 'action' },
      { gate: 'customer-complaints', from: 'firstRollback' },
    ]);
    expect(plan.steps[0]).toMatchObject({ kind: 'pause', level: null });
  });
});

describe('a tool-call gate without an action (issue 13 part 3)', () => {
  /** support-summary with an unsafe-tool gate, and the candidate bundle's flags patched. */
  function toolInput(flags: Record<string, unknown>): PlanInput {
    const base = input('support-summary', { breached: [{ gate: 'unsafe-refunds' }] });
    const gate = {
      name: 'unsafe-refunds',
      metric: 'unsafe_tool_call_rate' as const,
      tool: 'issue_refund',
      candidate: { above: '1%' },
      severity: 'immediate' as const,
    };
    const gates = Array.isArray(base.release.gates) ? [...base.release.gates, gate] : [gate];
    return {
      ...base,
      release: { ...base.release, gates },
      candidate: { ...base.candidate, flags: { ...base.candidate.flags, ...flags } } as PlanInput['candidate'],
    };
  }

  it('turns the tools off instead of the release firstRollback', () => {
    const plan = planRollback(toolInput({}));
    expect(plan.level).toBe('flags');
    expect(flagSteps(plan).map((s) => [s.flag, s.value, s.segments])).toEqual([['ai.tools.enabled', false, null]]);
    expect(restores(plan)).toEqual([]);
    expect(flagSteps(plan)[0]?.reducesAutomation).toBe(true);
  });

  it("turns off the tool's own flag when the bundle has one", () => {
    const plan = planRollback(toolInput({ 'ai.tools.issue_refund.enabled': true }));
    expect(flagSteps(plan).map((s) => [s.flag, s.value])).toEqual([['ai.tools.issue_refund.enabled', false]]);
    expect(flagSteps(plan)[0]?.reducesAutomation).toBe(true);
  });
});
