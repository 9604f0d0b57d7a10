import { describe, expect, it } from 'vitest';
import { addMoments, addObservation, emptyMoments, ratioEstimate, ratioVariance, subtractMoments } from './moments.js';

describe('ratio moments', () => {
  it('estimates a mean and its variance like the textbook formulas', () => {
    const m = emptyMoments();
    for (const x of [1, 2, 3, 4]) addObservation(m, x, 1);
    expect(ratioEstimate(m)).toBe(2.5);
    // sample variance 5/3, variance of the mean 5/12
    expect(ratioVariance(m)).toBeCloseTo(5 / 12, 12);
  });

  it('gives cost per successful task as total cost over successes, ∞ without successes', () => {
    const m = emptyMoments();
    addObservation(m, 0.004, 1);
    addObservation(m, 0.006, 0);
    expect(ratioEstimate(m)).toBeCloseTo(0.01, 12);
    const none = emptyMoments();
    addObservation(none, 0.004, 0);
    expect(ratioEstimate(none)).toBe(Infinity);
    expect(Number.isNaN(ratioEstimate(emptyMoments()))).toBe(true);
  });

  it('subtracts snapshots to give the observations in between', () => {
    const a = emptyMoments();
    addObservation(a, 1, 1);
    const snapshot = { ...a };
    addObservation(a, 0, 1);
    addObservation(a, 1, 1);
    const window = subtractMoments(a, snapshot);
    expect(window.n).toBe(2);
    expect(ratioEstimate(window)).toBe(0.5);
    expect(addMoments(window, snapshot)).toEqual(a);
  });
});
