/**
 * Late labels stamped from the request's handle (ADR 0012) are attributed after the bounded
 * request index has forgotten the request; a stamp whose bundle is not the release's is refused.
 */
import { describe, expect, it } from 'vitest';
import { release } from './gate-test-release.js';

const bundles = { control: 'c-1', candidate: 'k-2' };

describe('late labels stamped from the request handle', () => {
  it('a review for a request the index evicted matches by its stamp; unstamped it is unknown', () => {
    const r = release(
      { metric: 'review_rejection_rate', candidate: { above: '5%' }, test: 'literal', minSamples: 10 },
      { requestIndexCapacity: 50, bundles },
    );
    r.serve('candidate', 20);
    r.serve('control', 1000); // evicts q0..q19 from a 50-slot index
    expect(r.send({ type: 'review', requestId: 'q0', verdict: 'rejected' })).toEqual({
      applied: false,
      reason: 'unknown-request',
    });
    for (let i = 0; i < 20; i++)
      expect(
        r.send({ type: 'review', requestId: `q${i}`, verdict: 'rejected', arm: 'candidate', bundleVersion: 'k-2' }),
      ).toEqual({ applied: true, arm: 'candidate' });
    expect(r.evaluate()).toMatchObject({ state: 'breached', statistic: 1, samples: { candidate: 20 } });
  });

  it('a stamp naming another bundle than the arm runs is refused, not counted', () => {
    const r = release(
      { metric: 'review_rejection_rate', candidate: { above: '5%' }, test: 'literal' },
      { requestIndexCapacity: 10, bundles },
    );
    expect(
      r.send({ type: 'review', requestId: 'gone', verdict: 'rejected', arm: 'candidate', bundleVersion: 'c-1' }),
    ).toEqual({ applied: false, reason: 'stamp-mismatch' });
    expect(r.state.gates['g']?.moments.candidate.release.n).toBe(0);
  });

  it('the index wins over a stamp while it still holds the request', () => {
    const r = release(
      { metric: 'review_rejection_rate', candidate: { above: '5%' }, test: 'literal' },
      { requestIndexCapacity: 10, bundles },
    );
    r.serve('control', 1); // q0, served by control
    expect(
      r.send({ type: 'review', requestId: 'q0', verdict: 'rejected', arm: 'candidate', bundleVersion: 'k-2' }),
    ).toEqual({ applied: true, arm: 'control' });
  });

  it('ground truth carries its stamped prediction into MAPE after eviction', () => {
    const r = release(
      { metric: 'prediction_error_mape', candidate: { above: '10%' }, test: 'literal', minSamples: 5 },
      { requestIndexCapacity: 5, bundles },
    );
    r.serve('candidate', 5, () => ({ prediction: 80 }));
    r.serve('control', 100);
    for (let i = 0; i < 5; i++)
      r.send({ type: 'ground_truth', requestId: `q${i}`, actual: 100, prediction: 80, arm: 'candidate' });
    expect(r.evaluate()).toMatchObject({ state: 'breached', statistic: expect.closeTo(0.2, 9) });
  });

  it('matchingSamples: a complaint stamped with the candidate bundle counts; an arm alone stays unmatched', () => {
    const r = release(
      { metric: 'confirmed_complaints', count: { atLeast: 2, within: 'release', matchingSamples: true } },
      { requestIndexCapacity: 10, bundles },
    );
    const complaint = { type: 'complaint' as const, confirmed: true, arm: 'candidate' as const };
    r.send({ ...complaint, sampleId: 's1', bundleVersion: 'k-2' });
    r.send({ ...complaint, sampleId: 's2' });
    r.send({ ...complaint, sampleId: 's3', bundleVersion: 'k-2' });
    expect(r.state.gates['g']?.count).toMatchObject({ unmatched: 1 });
    expect(r.evaluate()).toMatchObject({ state: 'breached' });
  });
});
