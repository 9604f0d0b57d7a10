import { describe, expect, it } from 'vitest';
import type { BundleSpec } from '../../bundles/bundle-schema.js';
import { planReadiness, planRollback } from './rollback-planner.js';
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

describe('no-ops and escalation', () => {
  it('keeps a bare level 1 restoring the model when another gate restores something else', () => {
    const plan = planRollback(
      input('ride-pricing', { breached: [{ gate: 'accuracy-slo' }, { gate: 'x', action: { restore: ['serving'] } }] }),
    );
    expect(plan.refusals[0]?.reason).toContain('restore model, serving');
    expect(plan.level).toBe('level2');
    expect(restores(plan)).toContain('model:42->41');
  });

  it('escalates to level 2 when a restore would change nothing that is served', () => {
    const plan = planRollback(
      input('support-summary', { breached: [{ gate: 'alert', action: { restore: ['prompt'] } }] }),
    );
    expect(plan.refusals[0]?.reason).toContain(
      'changes nothing that is served; the candidate differs from control in modelRoute',
    );
    expect(plan.level).toBe('level2');
    expect(restores(plan)).toEqual([
      'modelRoute:claude-sonnet-5->claude-sonnet-4-5',
      'evaluation:sha256:41d07c3be912->sha256:9b1c4e0f2a7d',
    ]);
  });

  it('escalates when a restored component breaks what a kept one requires', () => {
    const { control, candidate } = loadExample('support-summary');
    const newer: BundleSpec = {
      ...candidate,
      components: { ...candidate.components, outputSchema: { version: 3, parser: 'json-v3' } },
      requires: { prompt: { outputSchema: 3, tools: 3 } },
    };
    const plan = planRollback({
      ...input('support-summary'),
      control,
      candidate: newer,
      breached: [{ gate: 'x', action: { restore: ['outputSchema'] } }],
    });
    expect(plan.refusals[0]?.reason).toContain(
      'prompt 3f2c1ab requires outputSchema 3 but the live outputSchema would be 2',
    );
    expect(plan.level).toBe('level2');
    expect(restores(plan)).toContain('outputSchema:3->2');
  });

  it('reports a plan whose every step already holds as a no-op', () => {
    const plan = planRollback(
      input('support-summary', {
        breached: [{ gate: 'safety-blocks', segments: ['smb'] }],
        live: { stage: 2, segmentFlags: { smb: { 'ai.action.mode': 'human-review' } } },
      }),
    );
    expect(plan.status).toBe('no-op');
    expect(plan.noops[0]?.reason).toBe('ai.action.mode is already human-review there');
  });

  it('does not lower traffic that is already at or below the previous stage', () => {
    const plan = planRollback(
      input('support-summary', {
        breached: [{ gate: 'cost-per-successful-task' }],
        live: { stage: 2, traffic: { percent: 5, segment: null } },
      }),
    );
    expect(plan.steps).toEqual([]);
    expect(plan.noops[0]?.reason).toBe('the candidate already serves 5 %');
  });

  it('routes everything to control when the first live stage has no previous stage', () => {
    const plan = planRollback(
      input('support-summary', { breached: [{ gate: 'cost-per-successful-task' }], live: { stage: 1 } }),
    );
    expect(plan.steps).toMatchObject([{ kind: 'traffic', percent: 0, to: 'previous-stage' }]);
  });

  it('drops rollout steps that a whole-bundle restore already covers', () => {
    const plan = planRollback(
      input('ride-pricing', {
        breached: [{ gate: 'a', action: { rollout: 'previous-stage' } }, { gate: 'serving-errors' }],
      }),
    );
    expect(kinds(plan).filter((k) => k === 'traffic')).toHaveLength(1);
    expect(plan.noops.map((n) => n.what)).toContain('rollout: previous-stage');
  });
});

describe('levels asked for, overrides and jobs', () => {
  it('raises support-summary to level 2 on request', () => {
    const plan = planRollback(
      input('support-summary', { breached: [{ gate: 'schema-failure-spike' }], requestedLevel: 2 }),
    );
    expect(plan.level).toBe('level2');
    expect(plan.steps.find((s) => s.kind === 'traffic')).toMatchObject({ to: 'control', percent: 0 });
  });

  it('level 3 recomputes features with the control pipeline', () => {
    const plan = planRollback(input('ride-pricing', { breached: [{ gate: 'input-drift', action: { level: 3 } }] }));
    expect(plan.level).toBe('level3');
    expect(plan.steps.at(-1)).toMatchObject({ kind: 'job', job: 'recompute-features', target: 'fp-12' });
    expect(plan.estimate).toMatchObject({ mode: 'job', awaitsApproval: true });
  });

  it('level 4 restores the snapshot, recomputes features, then retrains', () => {
    const plan = planRollback(
      input('ride-pricing', { breached: [{ gate: 'ground-truth-decline' }], requestedLevel: 4 }),
    );
    expect(plan.level).toBe('level4');
    expect(plan.steps.filter((s) => s.kind === 'job').map((s) => (s.kind === 'job' ? s.job : ''))).toEqual([
      'restore-snapshot',
      'recompute-features',
      'retrain-model',
    ]);
  });

  it('refuses level 3 for a workflow without a feature pipeline and keeps level 2', () => {
    const plan = planRollback(input('support-summary', { breached: [{ gate: 'x' }], requestedLevel: 3 }));
    expect(plan.refusals).toMatchObject([{ level: 'level3', escalatedTo: null }]);
    expect(plan.level).toBe('level2');
  });

  it('escalates to level 3 when the control pipeline is no longer warm', () => {
    const plan = planRollback(
      input('ride-pricing', { breached: [{ gate: 'serving-errors' }], live: { stage: 3, cold: ['featurePipeline'] } }),
    );
    expect(plan.level).toBe('level3');
    expect(plan.refusals.map((r) => r.escalatedTo)).toEqual(['level2', 'level3']);
  });

  it('refuses when the control model is cold and nothing can retrain it', () => {
    const { control } = loadExample('ride-pricing');
    const noSnapshot: BundleSpec = {
      ...control,
      components: { ...control.components, dataSnapshot: undefined },
      requires: { model: { featurePipeline: 'fp-12' } },
    };
    const plan = planRollback({
      ...input('ride-pricing'),
      control: noSnapshot,
      breached: [{ gate: 'serving-errors' }],
      live: { stage: 1, cold: ['model'] },
    });
    expect(plan.status).toBe('refused');
    expect(plan.reason).toContain('no data snapshot');
    expect(plan.steps.some((s) => s.kind === 'restore' || s.kind === 'traffic')).toBe(false);
  });

  it("replaces the gates' actions with the incident commander's override", () => {
    const plan = planRollback(
      input('support-summary', {
        breached: [{ gate: 'schema-failure-spike' }],
        override: { by: 'oncall-ic', reason: 'refunds look wrong', action: { set: { 'ai.tools.enabled': false } } },
      }),
    );
    expect(plan.steps).toMatchObject([
      { kind: 'set-flag', flag: 'ai.tools.enabled', value: false, reducesAutomation: true },
    ]);
    expect(plan.override).toEqual({ by: 'oncall-ic', reason: 'refunds look wrong' });
    expect(plan.covers).toEqual(['schema-failure-spike']);
  });

  it("keeps a gate's flag value over the control bundle's flag state", () => {
    const plan = planRollback(
      input('ride-pricing', {
        breached: [{ gate: 'x', action: { level: 2, set: { 'ai.route.provider': 'demand-gbm-40' } } }],
      }),
    );
    expect(flagSteps(plan).map((s) => s.value)).toEqual(['demand-gbm-40']);
    expect(plan.noops[0]?.reason).toBe('ai.route.provider keeps the value x asked for');
  });
});

describe('flag merging', () => {
  it('records a conflict when two gates set an unordered flag differently', () => {
    const plan = planRollback(
      input('support-summary', {
        breached: [
          { gate: 'a', action: { set: { 'ai.route.provider': 'openai-prod' } } },
          { gate: 'b', action: { set: { 'ai.route.provider': 'bedrock-prod' } } },
        ],
      }),
    );
    expect(flagSteps(plan).map((s) => s.value)).toEqual(['openai-prod']);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]).toContain('a human must confirm');
  });

  it('widens affected-segments to all traffic when the breach has no segment breakdown', () => {
    const plan = planRollback(input('support-summary', { breached: [{ gate: 'safety-blocks' }] }));
    expect(flagSteps(plan)[0]?.segments).toBeNull();
    expect(plan.notes[0]).toContain('without a segment breakdown');
  });
});

describe('what a rollback cannot undo', () => {
  it('lists side effects and batch outputs of the candidate only, and cached state', () => {
    const { candidate, control } = loadExample('support-summary');
    const plan = planRollback(
      input('support-summary', {
        breached: [{ gate: 'schema-failure-spike' }],
        facts: {
          writeToolCalls: [
            { tool: 'issue_refund', bundleVersion: candidate.version, count: 4, sampleIds: ['req-1', 'req-2'] },
            { tool: 'issue_refund', bundleVersion: control.version, count: 9 },
          ],
          batchOutputs: [
            { bundleVersion: candidate.version, batchId: 'b-7', outputs: 120 },
            { bundleVersion: control.version, batchId: 'b-6', outputs: 300 },
          ],
          cachedState: [{ name: 'summary cache', description: 'summaries cached for 24 h' }],
        },
      }),
    );
    expect(plan.cannotUndo.map((c) => c.kind)).toEqual(['side-effect', 'batch-output', 'cached-state']);
    expect(plan.cannotUndo[0]).toMatchObject({ tool: 'issue_refund', count: 4, sampleIds: ['req-1', 'req-2'] });
    expect(plan.cannotUndo[1]).toMatchObject({ batchId: 'b-7', outputs: 120 });
  });

  it('lists nothing for write tools when the facts say none were called', () => {
    const plan = planRollback(
      input('support-summary', { breached: [{ gate: 'schema-failure-spike' }], facts: { writeToolCalls: [] } }),
    );
    expect(plan.cannotUndo).toEqual([]);
  });
});

describe('readiness', () => {
  it('plans the first rollback as it would run now, with its time estimate', () => {
    const ride = planReadiness(input('ride-pricing'));
    expect(ride.level).toBe('level2');
    expect(ride.sources).toEqual([{ gate: null, from: 'readiness' }]);
    const support = planReadiness({
      ...input('support-summary'),
      timings: { level1: { typicalSeconds: 12, upperSeconds: 40 } },
    });
    expect(support.estimate).toMatchObject({ level: 'level1', typicalSeconds: 12, upperSeconds: 40, mode: 'switch' });
  });

  it('uses firstRollback for an alert that is not a gate of the ticket, and says so', () => {
    const plan = planRollback(input('support-summary', { breached: [{ gate: 'pagerduty-incident' }] }));
    expect(plan.sources).toEqual([{ gate: 'pagerduty-incident', from: 'firstRollback' }]);
    expect(plan.notes[0]).toContain('is not a gate of this release');
  });

  it('adds no notes about gates for a rollback asked for by hand, and says why the flag step is widened', () => {
    const plan = planRollback(input('support-summary', { breached: [{ gate: 'manual', segments: [] }] }));
    expect(plan.notes.some((n) => n.includes('is not a gate of this release'))).toBe(false);
    expect(plan.notes.filter((n) => n.includes('segment'))).toEqual([
      'ai.action.mode: no breach names segments (a rollback by hand, or the plan readiness shows); the affected-segments step applies to all traffic',
    ]);
  });
});
