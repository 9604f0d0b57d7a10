import { describe, expect, it } from 'vitest';
import { flagValueIssue, isReduction, sameFlagValue } from './flag-effects.js';

describe('flag effects', () => {
  it('orders action modes from automatic to draft-only', () => {
    expect(isReduction('ai.action.mode', 'automatic', 'queued')).toBe(true);
    expect(isReduction('ai.action.mode', 'queued', 'human-review')).toBe(true);
    expect(isReduction('ai.action.mode', 'human-review', 'draft-only')).toBe(true);
    expect(isReduction('ai.action.mode', 'draft-only', 'human-review')).toBe(false);
  });

  it('treats tools off and less rollout as reductions, and a route change as none', () => {
    expect(isReduction('ai.tools.enabled', true, false)).toBe(true);
    expect(isReduction('ai.tools.enabled', false, true)).toBe(false);
    expect(isReduction('ai.rollout.percent', 25, 5)).toBe(true);
    expect(isReduction('ai.rollout.percent', 5, 25)).toBe(false);
    expect(isReduction('ai.route.provider', 'a', 'b')).toBe(false);
  });

  it('counts an unknown current value as the least restrictive', () => {
    expect(isReduction('ai.action.mode', undefined, 'queued')).toBe(true);
  });

  it('validates the values of known flags only', () => {
    expect(flagValueIssue('ai.action.mode', 'draft-only')).toBeUndefined();
    expect(flagValueIssue('ai.action.mode', 'off')).toBe('must be one of automatic, queued, human-review, draft-only');
    expect(flagValueIssue('ai.rollout.percent', 101)).toBe('must be a number from 0 to 100');
    expect(flagValueIssue('ai.route.mode', 'stream')).toBe('must be one of sync, async, batch');
    expect(flagValueIssue('team.custom', 'anything')).toBeUndefined();
  });

  it('compares lists in order and objects by content', () => {
    expect(sameFlagValue(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameFlagValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameFlagValue({ x: 1, y: 2 }, { y: 2, x: 1 })).toBe(true);
    expect(sameFlagValue('1', 1)).toBe(false);
  });
});
