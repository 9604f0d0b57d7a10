import { describe, expect, it } from 'vitest';
import {
  firstExposureIsLimited,
  planStages,
  previousStageTraffic,
  releaseConsistency,
  stageTraffic,
} from './release-model.js';
import { releaseSchema } from './release-schema.js';
import { loadExample } from './test-fixtures.js';

describe('plan stages', () => {
  it('types the support-summary plan with bakes in milliseconds', () => {
    const { release } = loadExample('support-summary');
    expect(planStages(release)).toEqual([
      { index: 0, kind: 'offline', tasks: 1000, dataset: 'sha256:41d07c3be912' },
      { index: 1, kind: 'canary', percent: 5, bakeMs: 3_600_000, segment: null },
      { index: 2, kind: 'canary', percent: 25, bakeMs: 3_600_000, segment: null },
      { index: 3, kind: 'promote' },
    ]);
  });

  it('gives the traffic of a stage and of the stage before it', () => {
    const stages = planStages(loadExample('support-summary').release);
    expect(stageTraffic(stages, 0)).toEqual({ percent: 0, segment: null });
    expect(stageTraffic(stages, 2)).toEqual({ percent: 25, segment: null });
    expect(stageTraffic(stages, 3)).toEqual({ percent: 100, segment: null });
    expect(previousStageTraffic(stages, 2)).toEqual({ percent: 5, segment: null });
    expect(previousStageTraffic(stages, 1)).toEqual({ percent: 0, segment: null });
    expect(previousStageTraffic(stages, 3)).toEqual({ percent: 25, segment: null });
  });

  it('R2.4: the first live stage must be a segment or at most 1 %', () => {
    expect(firstExposureIsLimited(loadExample('ride-pricing').release)).toBe(true);
    expect(firstExposureIsLimited(loadExample('support-summary').release)).toBe(false);
    const staffFirst = releaseSchema.parse({
      ...loadExample('support-summary').rawRelease,
      plan: [
        { canary: { percent: 100, bake: '1h', segment: 'staff' } },
        { canary: { percent: 5, bake: '1h' } },
        { promote: {} },
      ],
    });
    expect(firstExposureIsLimited(staffFirst)).toBe(true);
  });
});

describe('releaseConsistency', () => {
  it.each(['ride-pricing', 'support-summary'] as const)('%s is consistent with its workflow and bundles', (name) => {
    expect(releaseConsistency(loadExample(name)).errors).toEqual([]);
  });

  it('warns about a first stage above 1 % only where it applies', () => {
    const paths = (name: 'ride-pricing' | 'support-summary'): unknown[] =>
      releaseConsistency(loadExample(name)).warnings.map((w) => w.path);
    expect(paths('support-summary')).toEqual(['plan']);
    expect(paths('ride-pricing')).toEqual([]);
  });

  it('reports bundles that do not match the release, restores of absent components and undeclared roles', () => {
    const ex = loadExample('support-summary');
    const release = releaseSchema.parse({
      ...ex.rawRelease,
      firstRollback: { restore: ['modelRoute', 'featurePipeline'] },
      authority: { flipFlags: 'engineering', reduceAutomation: 'onCall' },
    });
    const report = releaseConsistency({ ...ex, release, control: ex.candidate });
    expect(report.errors.map((e) => e.path)).toEqual([
      'control',
      'firstRollback.restore[1]',
      'authority.reduceAutomation',
    ]);
  });

  it('warns when the workflow lacks the owners that approvals and notifications need', () => {
    const ex = loadExample('ride-pricing');
    const workflow = { ...ex.workflow, owners: { engineering: 'team-pricing' } };
    const report = releaseConsistency({
      ...ex,
      workflow,
      release: { ...ex.release, authority: { flipFlags: 'engineering', reduceAutomation: 'engineering' } },
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => w.path)).toEqual([
      'workflow.owners.teamLead',
      'workflow.owners.dataEngineeringLead',
      'workflow.owners.mlEngineeringLead',
    ]);
  });
});
