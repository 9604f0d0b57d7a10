import { describe, expect, it } from 'vitest';
import { bernoulliKl, bernoulliLogLr, gaussianLogLr, sprtBounds } from './sprt.js';
import { mannWhitneyBinaryGreaterP, mannWhitneyGreaterP } from './mann-whitney.js';

describe('SPRT oracle pieces', () => {
  it('has the expected log-likelihood ratios and bounds', () => {
    expect(bernoulliLogLr(1, 0.01, 0.02)).toBeCloseTo(Math.log(2), 12);
    expect(gaussianLogLr(1, 0, 1, 1)).toBeCloseTo(0.5, 12);
    expect(sprtBounds(0.05, 0.1).upper).toBeCloseTo(Math.log(18), 12);
    expect(bernoulliKl(0.02, 0.01)).toBeCloseTo(0.02 * Math.log(2) + 0.98 * Math.log(0.98 / 0.99), 12);
  });
});

describe('Mann–Whitney (benchmark baseline)', () => {
  it('finds a clear shift and not a null one', () => {
    const control = Array.from({ length: 200 }, (_, i) => i);
    expect(
      mannWhitneyGreaterP(
        control.map((v) => v + 80),
        control,
      ),
    ).toBeLessThan(0.001);
    expect(mannWhitneyGreaterP(control, control)).toBeGreaterThan(0.4);
  });

  it('agrees between the count form and the value form on 0/1 data', () => {
    const cand = [...new Array<number>(30).fill(1), ...new Array<number>(170).fill(0)];
    const ctl = [...new Array<number>(10).fill(1), ...new Array<number>(190).fill(0)];
    expect(mannWhitneyBinaryGreaterP(30, 200, 10, 200)).toBeCloseTo(mannWhitneyGreaterP(cand, ctl), 10);
  });
});
