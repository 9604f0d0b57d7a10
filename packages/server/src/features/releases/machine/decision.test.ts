import { describe, expect, it } from 'vitest';
import type { GateEvaluation as EngineEvaluation } from '../../gates/engine/gate-evaluate.js';
import { decide, inconclusiveLimit, type DecisionInput, type GateEvaluation, type StageContext } from './decision.js';

/** Compile-time check: the gate engine's evaluations can be passed to `decide` as they are. */
const engineFits: EngineEvaluation extends GateEvaluation ? true : false = true;

const BAKE_ENDS = '2026-05-02T10:00:00.000Z';
const DURING = new Date('2026-05-02T09:30:00.000Z');
const AFTER = new Date('2026-05-02T10:00:00.000Z');
const STARTED = '2026-05-02T09:00:00.000Z';

const canaryStage: StageContext = { next: 'canary', bakeEndsAt: BAKE_ENDS, bakeMs: 3_600_000 };
const lastCanary: StageContext = { ...canaryStage, next: 'promote' };

const gate = (name: string, state: GateEvaluation['state'], patch: Partial<GateEvaluation> = {}): GateEvaluation => ({
  gate: name,
  state,
  severity: 'rapid',
  metric: 'error_rate',
  since: '2026-05-02T09:50:00.000Z',
  ...patch,
});

function run(evaluations: GateEvaluation[], patch: Partial<DecisionInput> = {}): ReturnType<typeof decide> {
  return decide({ evaluations, criticality: 'business-critical', stage: canaryStage, now: DURING, ...patch });
}

describe('decision table', () => {
  it('accepts the gate engine evaluation type', () => {
    expect(engineFits).toBe(true);
  });

  it.each<[string, GateEvaluation[], Partial<DecisionInput>, string, boolean]>([
    ['immediate breach', [gate('errors', 'breached', { severity: 'immediate' })], {}, 'rollback-now', false],
    [
      'rapid breach, business-critical',
      [gate('conv', 'breached', { metric: 'conversion_rate' })],
      {},
      'rollback-now',
      false,
    ],
    [
      'rapid outcome breach, standard',
      [gate('conv', 'breached', { metric: 'conversion_rate' })],
      { criticality: 'standard' },
      'rollback-now',
      false,
    ],
    [
      'rapid outcome breach, experimental',
      [gate('conv', 'breached', { metric: 'conversion_rate' })],
      { criticality: 'experimental' },
      'investigate',
      false,
    ],
    [
      'rapid guard breach, experimental',
      [gate('schema', 'breached', { metric: 'schema_failure_rate' })],
      { criticality: 'experimental' },
      'rollback-now',
      false,
    ],
    [
      'immediate outcome breach, experimental',
      [gate('conv', 'breached', { metric: 'conversion_rate', severity: 'immediate' })],
      { criticality: 'experimental' },
      'rollback-now',
      false,
    ],
    ['delayed breach', [gate('mape', 'breached', { severity: 'delayed' })], {}, 'investigate', false],
    ['all passing during the bake', [gate('a', 'passing')], {}, 'continue', false],
    ['all passing after the bake', [gate('a', 'passing')], { now: AFTER }, 'continue', true],
    ['all passing after the last bake', [gate('a', 'passing')], { now: AFTER, stage: lastCanary }, 'promote', true],
    ['inconclusive within the limit after the bake', [gate('a', 'inconclusive')], { now: AFTER }, 'continue', true],
    ['inconclusive before promote', [gate('a', 'inconclusive')], { now: AFTER, stage: lastCanary }, 'continue', false],
    [
      'inconclusive too long after the bake',
      [gate('a', 'inconclusive', { since: STARTED })],
      { now: AFTER },
      'investigate',
      false,
    ],
    [
      'inconclusive too long during the bake',
      [gate('a', 'inconclusive', { since: '2026-05-02T08:00:00.000Z' })],
      {},
      'continue',
      false,
    ],
    [
      'delayed inconclusive for long at promote',
      [gate('a', 'passing'), gate('mape', 'inconclusive', { severity: 'delayed', since: STARTED })],
      { now: AFTER, stage: lastCanary },
      'promote',
      true,
    ],
    [
      'promoted, watching through the cool-down',
      [gate('a', 'passing')],
      { now: AFTER, stage: { next: null, bakeEndsAt: null } },
      'continue',
      false,
    ],
  ])('%s → %s', (_, evaluations, patch, kind, advance) => {
    const d = run(evaluations, patch);
    expect([d.kind, d.advance]).toEqual([kind, advance]);
  });
});

describe('rollback-now', () => {
  it('acts in the same tick for an immediate gate and passes the numbers through', () => {
    const d = run([
      gate('errors', 'breached', {
        severity: 'immediate',
        statistic: 0.072,
        threshold: 0.05,
        samples: { candidate: 812, control: null },
        segments: ['eu'],
      }),
      gate('latency', 'passing'),
    ]);
    expect(d).toMatchObject({
      kind: 'rollback-now',
      urgency: 'immediate',
      gates: ['errors'],
      rollback: [{ gate: 'errors', segments: ['eu'] }],
    });
    expect(d.reasoning).toBe('Roll back now: immediate gate errors breached (0.072 vs 0.05).');
    expect(d.evidence[0]).toMatchObject({
      gate: 'errors',
      statistic: 0.072,
      threshold: 0.05,
      samples: { candidate: 812, control: null },
    });
    expect(d.evidence).toHaveLength(2);
    expect(d.decidedAt).toBe(DURING.toISOString());
  });

  it('marks rapid-only breaches as rapid and still raises reviews for delayed breaches', () => {
    const d = run([gate('sla', 'breached'), gate('mape', 'breached', { severity: 'delayed' })]);
    expect(d).toMatchObject({ kind: 'rollback-now', urgency: 'rapid', gates: ['sla'], reviews: ['mape'] });
  });

  it('rolls back on a manual override to breached, whatever the severity', () => {
    const d = run([
      gate('mape', 'breached', {
        severity: 'delayed',
        computedState: 'passing',
        override: { force: 'breached', actor: 'oncall-ic', reason: 'customers report wrong prices' },
      }),
    ]);
    expect(d).toMatchObject({ kind: 'rollback-now', urgency: 'immediate' });
    expect(d.reasoning).toContain('forced breached by oncall-ic');
  });
});

describe('investigate and do-not-roll-back', () => {
  it('a delayed breach raises a review and never acts', () => {
    const d = run([gate('mape', 'breached', { severity: 'delayed', statistic: 0.2, threshold: 0.15, control: 0.1 })]);
    expect(d).toMatchObject({ kind: 'investigate', reviews: ['mape'], rollback: [], advance: false });
    expect(d.reasoning).toContain('(0.2 vs 0.15, control 0.1)');
  });

  it('an accepted breach is recorded as do-not-roll-back with who accepted it', () => {
    const d = run(
      [
        gate('conv', 'passing', {
          computedState: 'breached',
          override: { force: 'passing', actor: 'pm-marketplace', reason: 'intended: new surge curve' },
        }),
      ],
      { now: AFTER },
    );
    expect(d).toMatchObject({ kind: 'do-not-roll-back', gates: ['conv'], advance: true });
    expect(d.reasoning).toContain('pm-marketplace accepted it (intended: new surge curve)');
  });

  it('names the stale gate and the limit', () => {
    const d = run([gate('reviews', 'inconclusive', { since: STARTED })], { now: AFTER });
    expect(d.blockers).toEqual([{ gate: 'reviews', why: 'inconclusive for 1h, beyond the 1h limit' }]);
  });
});

describe('inconclusive limit', () => {
  it('is the stage bake, doubled for experimental workflows, unless given', () => {
    expect(inconclusiveLimit({ stage: canaryStage, criticality: 'business-critical' })).toBe(3_600_000);
    expect(inconclusiveLimit({ stage: canaryStage, criticality: 'experimental' })).toBe(7_200_000);
    expect(inconclusiveLimit({ stage: canaryStage, inconclusiveLimitMs: 60_000 })).toBe(60_000);
  });

  it('makes the same 90-minute inconclusive gate stale for business-critical but not experimental', () => {
    const evals = [gate('reviews', 'inconclusive', { since: '2026-05-02T08:30:00.000Z' })];
    expect(run(evals, { now: AFTER }).kind).toBe('investigate');
    expect(run(evals, { now: AFTER, criticality: 'experimental' }).kind).toBe('continue');
  });
});

describe('inconclusive since the stage began', () => {
  it('counts from the stage start when the evaluation has no since', () => {
    const { since: _since, ...withoutSince } = gate('reviews', 'inconclusive');
    expect(run([withoutSince], { now: AFTER, stage: { ...canaryStage, startedAt: STARTED } }).kind).toBe('investigate');
    expect(run([withoutSince], { now: AFTER }).kind).toBe('continue');
  });
});

describe('offline stages', () => {
  const offline: StageContext = { next: 'canary', bakeEndsAt: null, evidenceComplete: false };
  it('wait for their evidence, then advance', () => {
    expect(run([gate('a', 'passing')], { stage: offline }).advance).toBe(false);
    expect(run([gate('a', 'passing')], { stage: { ...offline, evidenceComplete: true } }).advance).toBe(true);
  });
});
