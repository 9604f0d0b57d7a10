import { describe, expect, it } from 'vitest';
import { splitAlpha } from './alpha-split.js';

describe('false-rollback budget split', () => {
  it('splits α evenly over acting sequential gates; delayed ones test at the same level without spending', () => {
    const alphas = splitAlpha(0.05, [
      { name: 'a', sequential: true, acts: true },
      { name: 'b', sequential: true, acts: true },
      { name: 'c', sequential: false, acts: true },
      { name: 'd', sequential: true, acts: false },
    ]);
    expect(alphas.get('a')).toBeCloseTo(0.025, 12);
    expect(alphas.get('d')).toBeCloseTo(0.025, 12);
    expect(alphas.has('c')).toBe(false);
  });
});
