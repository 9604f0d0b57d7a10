import { describe, expect, it } from 'vitest';
import { alphaSchema, gateSpecSchema, gatesSchema, rollbackActionSchema } from './gate-spec.js';
import {
  formatDuration,
  formatPercent,
  parseDuration,
  parseMultiple,
  parsePercent,
  parsePoints,
} from './gate-values.js';

const base = { name: 'g', severity: 'rapid' } as const;

/** The first issue's path and message, or `ok`. */
function firstIssue(input: unknown): string {
  const result = gateSpecSchema.safeParse(input);
  if (result.success) return 'ok';
  const issue = result.error.issues[0];
  return `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`;
}

describe('gate value grammar', () => {
  it('parses durations, percentages, points and multiples', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('5 minutes')).toBeUndefined();
    expect(parseDuration('0m')).toBeUndefined();
    expect(parsePercent('1.0%')).toBeCloseTo(0.01, 12);
    expect(parsePoints('5pp')).toBeCloseTo(0.05, 12);
    expect(parseMultiple('1.25x')).toBe(1.25);
    expect(parseMultiple('0x')).toBeUndefined();
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatPercent(0.016)).toBe('1.6 %');
  });
});

describe('gate schema: valid forms', () => {
  it.each([
    ['absolute rate', { metric: 'error_rate', candidate: { above: '5%' } }],
    ['absolute fraction', { metric: 'error_rate', candidate: { above: 0.05 } }],
    ['multiple of sla', { metric: 'latency_p99', candidate: { above: '5x', of: 'sla' } }],
    [
      'reference word',
      {
        metric: 'primary_metric',
        primaryMetric: 'precision',
        slo: 0.82,
        candidate: { below: 'slo' },
        sustained: '10m',
      },
    ],
    [
      'ratio to control',
      { metric: 'safety_block_rate', candidate: { above: '2x', of: 'control' }, over: { comparableRequests: 500 } },
    ],
    [
      'percentage points',
      { metric: 'review_rejection_rate', candidate: { worseThanControlBy: '5pp' }, over: { reviewedOutputs: 200 } },
    ],
    ['percentage of control', { metric: 'conversion_rate', candidate: { worseThanControlBy: '10%' } }],
    [
      'precondition on control',
      {
        metric: 'schema_failure_rate',
        candidate: { above: '1.0%' },
        control: { below: '0.2%' },
        over: { consecutiveCalls: 200 },
      },
    ],
    ['count in a sliding window', { metric: 'oom_crashes', count: { atLeast: 1, within: '5m' } }],
    [
      'count with matching samples',
      { metric: 'confirmed_complaints', count: { atLeast: 3, within: 'release', matchingSamples: true } },
    ],
    ['health', { metric: 'health_check', candidate: { failing: true } }],
    [
      'drift from control',
      { metric: 'prediction_distribution', candidate: { driftFromControl: { method: 'psi', above: 0.2 } } },
    ],
    [
      'drift from reference',
      {
        metric: 'feature_distribution',
        features: ['a'],
        candidate: { driftFromReference: { method: 'js', above: 0.1 } },
        within: 'release',
      },
    ],
    [
      'sliding window, own minimum, test mode',
      { metric: 'error_rate', candidate: { above: '2%' }, within: '5m', minSamples: 50, test: 'sequential' },
    ],
    [
      'approved estimate',
      {
        metric: 'cost_per_successful_task',
        candidate: { above: '1.25x', of: 'approved_estimate' },
        approvedEstimateUsd: 0.0042,
        over: { completedTasks: 1000 },
      },
    ],
  ])('%s', (_, gate) => {
    expect(firstIssue({ ...base, ...gate })).toBe('ok');
  });
});

describe('gate schema: precise errors', () => {
  it.each([
    ['unknown field', { metric: 'error_rate', candidate: { above: '5%' }, threshold: 1 }, ''],
    ['unknown metric', { metric: 'p95', candidate: { above: 1 } }, 'metric'],
    ['rate above 1', { metric: 'error_rate', candidate: { above: 5 } }, 'candidate.above: a rate is a fraction'],
    [
      'multiple without of',
      { metric: 'latency_p95', candidate: { above: '2x' } },
      'candidate.of: a multiple needs of:',
    ],
    ['of without multiple', { metric: 'latency_p95', candidate: { above: 300, of: 'sla' } }, 'candidate.of: with of:'],
    [
      'two comparisons',
      { metric: 'error_rate', candidate: { above: '5%', worseThanControlBy: '1pp' } },
      'candidate: one comparison per gate',
    ],
    [
      'wrong direction',
      { metric: 'conversion_rate', candidate: { above: '5%' } },
      'candidate.above: conversion_rate is worse when lower',
    ],
    [
      'slo without slo field',
      { metric: 'primary_metric', primaryMetric: 'p', candidate: { below: 'slo' } },
      'slo: the comparison refers to slo',
    ],
    [
      'approved estimate missing',
      { metric: 'cost_per_successful_task', candidate: { above: '1.25x', of: 'approved_estimate' } },
      'approvedEstimateUsd:',
    ],
    [
      'sla on a rate',
      { metric: 'error_rate', candidate: { above: '2x', of: 'sla' } },
      'candidate.of: sla is a latency reference',
    ],
    [
      'pp on latency',
      { metric: 'latency_p95', candidate: { worseThanControlBy: '5pp' } },
      'candidate.worseThanControlBy: percentage points apply to rates',
    ],
    [
      'percent on latency',
      { metric: 'latency_p95', candidate: { above: '5%' } },
      'candidate.above: percentages apply to rates',
    ],
    ['count on a rate', { metric: 'error_rate', count: { atLeast: 3, within: '5m' } }, 'count: count: applies to'],
    ['candidate on a count', { metric: 'oom_crashes', candidate: { above: 1 } }, 'count: oom_crashes is a count'],
    [
      'matching samples on crashes',
      { metric: 'oom_crashes', count: { atLeast: 1, within: '5m', matchingSamples: true } },
      'count.matchingSamples',
    ],
    [
      'health written otherwise',
      { metric: 'health_check', candidate: { above: 0 } },
      'candidate.above: health_check gates are written',
    ],
    ['failing false', { metric: 'health_check', candidate: { failing: false } }, 'candidate.failing'],
    [
      'drift without features',
      { metric: 'feature_distribution', candidate: { driftFromReference: { method: 'kl', above: 0.1 } } },
      'features: list the input features',
    ],
    [
      'drift on a rate',
      { metric: 'error_rate', candidate: { driftFromControl: { method: 'kl', above: 0.1 } } },
      'candidate.driftFromControl',
    ],
    [
      'bad drift method',
      { metric: 'prediction_distribution', candidate: { driftFromControl: { method: 'emd', above: 0.1 } } },
      'candidate.driftFromControl.method',
    ],
    [
      'wrong denominator',
      { metric: 'latency_p95', candidate: { above: 300 }, over: { reviewedOutputs: 200 } },
      'over.reviewedOutputs: reviewedOutputs is not a denominator',
    ],
    [
      'two windows',
      { metric: 'error_rate', candidate: { above: '5%' }, over: { consecutiveCalls: 10 }, within: '5m' },
      'within: a gate has one window',
    ],
    [
      'minSamples with over',
      { metric: 'error_rate', candidate: { above: '5%' }, over: { consecutiveCalls: 10 }, minSamples: 5 },
      'minSamples',
    ],
    [
      'bad duration',
      { metric: 'error_rate', candidate: { above: '5%' }, sustained: 'five minutes' },
      'sustained: expected a duration',
    ],
    [
      'sequential test on a count',
      { metric: 'oom_crashes', count: { atLeast: 1, within: '5m' }, test: 'both' },
      'test: oom_crashes is read literally only',
    ],
    [
      'precondition on health',
      { metric: 'health_check', candidate: { failing: true }, control: { below: '1%' } },
      'control: a control precondition',
    ],
    ['primaryMetric missing', { metric: 'primary_metric', slo: 0.8, candidate: { below: 'slo' } }, 'primaryMetric'],
    [
      'zero window',
      { metric: 'error_rate', candidate: { above: '5%' }, over: { consecutiveCalls: 0 } },
      'over.consecutiveCalls: must be at least 1',
    ],
  ])('%s', (_, gate, expected) => {
    expect(firstIssue({ ...base, ...gate })).toContain(expected);
  });

  it('rejects duplicate names and an empty list with the index of the duplicate', () => {
    const gate = { ...base, metric: 'error_rate', candidate: { above: '5%' } };
    const result = gatesSchema.safeParse([gate, { ...gate }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([1, 'name']);
    expect(gatesSchema.safeParse([]).success).toBe(false);
  });

  it('validates actions and α', () => {
    expect(rollbackActionSchema.safeParse({}).success).toBe(false);
    expect(rollbackActionSchema.safeParse({ pause: true, scope: 'all' }).error?.issues[0]?.path).toEqual(['scope']);
    expect(rollbackActionSchema.safeParse({ pause: true, then: 'firstRollback' }).success).toBe(true);
    expect(alphaSchema.safeParse(0).success).toBe(false);
    expect(alphaSchema.safeParse(0.05).success).toBe(true);
  });
});
