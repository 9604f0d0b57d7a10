/**
 * ADR 0002 §10 in the engine: a pp gate on a rate starts its test only once the candidate has ten
 * expected events at the tolerance (n·p·(1−p) ≥ 10), and says so; then it reads as before.
 */
import { describe, expect, it } from 'vitest';
import { release } from './gate-test-release.js';

describe('pp gates on rare rates wait for ten expected events', () => {
  it('is inconclusive with the reason at 1 % rates until ~1,000 candidate requests, then breaches', () => {
    const r = release({ metric: 'error_rate', candidate: { worseThanControlBy: '0pp' }, test: 'sequential' });
    // 1 % on control, 4 % on the candidate: at 200 candidate requests n·p̃(1−p̃) ≈ 2.8.
    r.serve('control', 4000, (j) => ({ error: j % 100 === 0 }));
    r.serve('candidate', 200, (j) => ({ error: j % 25 === 0 }));
    expect(r.evaluate()).toMatchObject({
      state: 'inconclusive',
      test: {
        sequential: { method: 'normal-mixture', reason: 'the test starts once the candidate has 10 expected events' },
      },
    });
    r.serve('control', 16000, (j) => ({ error: j % 100 === 0 }));
    r.serve('candidate', 1000, (j) => ({ error: j % 25 === 0 }));
    expect(r.evaluate()).toMatchObject({ state: 'breached', test: { sequential: { method: 'normal-mixture' } } });
  });

  it('costs nothing at 10 % rates: the test reads from the 100-sample minimum', () => {
    const r = release({
      metric: 'review_rejection_rate',
      candidate: { worseThanControlBy: '2.5pp' },
      test: 'sequential',
    });
    r.serve('control', 1000);
    r.serve('candidate', 100);
    for (let i = 0; i < 1000; i++)
      r.send({ type: 'review', requestId: `q${i}`, verdict: i % 10 === 0 ? 'rejected' : 'accepted' });
    for (let i = 1000; i < 1100; i++)
      r.send({ type: 'review', requestId: `q${i}`, verdict: i % 2 === 0 ? 'rejected' : 'accepted' });
    const g = r.evaluate();
    expect(g.test.sequential?.reason).toBeNull();
    expect(g.state).toBe('breached');
  });
});
