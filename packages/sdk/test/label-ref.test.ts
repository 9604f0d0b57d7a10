import { describe, expect, it } from 'vitest';
import { compileSnapshot, labelEvent, labelRef, parseLabelRef, routeRequest } from '../src/index.js';
import { makeSnapshot } from './helpers/snapshots.js';

describe('label handles (ADR 0012)', () => {
  const compiled = compileSnapshot(makeSnapshot(1, { percent: 50 }));
  const decisions = Array.from({ length: 40 }, (_, i) => routeRequest(compiled, 'support-summary', { key: `u${i}` }));
  const candidate = decisions.find((d) => d.arm === 'candidate')!;
  const control = decisions.find((d) => d.arm === 'control')!;

  it('round-trips what served the request, per arm', () => {
    for (const d of [candidate, control]) {
      const ref = labelRef(d, 'req-é/1', 12.5);
      expect(ref).toMatch(/^rl1\.[A-Za-z0-9_-]+$/);
      expect(parseLabelRef(ref)).toEqual({
        workflow: 'support-summary',
        requestId: 'req-é/1',
        arm: d.arm,
        release: d.release,
        bundleVersion: d.bundleVersion,
        prediction: 12.5,
      });
    }
    expect(candidate.bundleVersion).not.toBe(control.bundleVersion);
  });

  it('stamps each kind of label; refuses what is not a handle', () => {
    const ref = labelRef(candidate, 'r9', 40);
    const stamp = { workflow: 'support-summary', arm: 'candidate', release: candidate.release };
    expect(labelEvent(ref, { type: 'review', verdict: 'rejected' })).toEqual({
      type: 'review',
      verdict: 'rejected',
      ...stamp,
      bundleVersion: candidate.bundleVersion,
      requestId: 'r9',
    });
    expect(labelEvent(ref, { type: 'complaint', confirmed: true })).toMatchObject({ ...stamp, sampleId: 'r9' });
    expect(labelEvent(ref, { type: 'ground_truth', actual: 50 })).toMatchObject({ requestId: 'r9', prediction: 40 });
    expect(labelEvent(labelRef(candidate, 'r10'), { type: 'ground_truth', actual: 1 })).not.toHaveProperty(
      'prediction',
    );
    for (const bad of ['r9', 'rl1.', 'rl1.!!', `rl1.${Buffer.from('[1,2]').toString('base64url')}`])
      expect(labelEvent(bad, { type: 'review', verdict: 'accepted' })).toBeUndefined();
  });
});
