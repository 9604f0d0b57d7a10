import { describe, expect, it } from 'vitest';
import { compileSnapshot, routeRequest, evaluateFlag } from '../src/index.js';
import { diffSnapshots } from '../src/evaluation/snapshot-diff.js';
import { makeSnapshot } from './helpers/snapshots.js';

describe('route memoisation (allocation-free hot path)', () => {
  const compiled = compileSnapshot(makeSnapshot(1, { percent: 50 }));

  it('returns the same frozen decision object for equivalent requests', () => {
    const a = routeRequest(compiled, 'support-summary', { key: 'user-1' });
    const keys = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const same = keys.map((key) => routeRequest(compiled, 'support-summary', { key })).filter((d) => d.arm === a.arm);
    expect(same.length).toBeGreaterThan(50);
    for (const d of same) expect(d).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.flags)).toBe(true);
  });

  it('memoises per defaults object, so fresh literals do not evict a stable one', () => {
    const stable = { 'ai.tools.enabled': false };
    const a = routeRequest(compiled, 'support-summary', { key: 'user-1' }, stable);
    const fresh = routeRequest(compiled, 'support-summary', { key: 'user-1' }, { 'ai.tools.enabled': false });
    expect(fresh).not.toBe(a);
    expect(fresh).toEqual(a);
    expect(routeRequest(compiled, 'support-summary', { key: 'user-1' }, stable)).toBe(a);
  });

  it('keeps decisions sticky per key and distinct per release', () => {
    const d1 = keysByArm(compiled);
    const d2 = keysByArm(compileSnapshot(makeSnapshot(2, { percent: 50 })));
    expect(d2).toEqual(d1); // same release: same arms
    const other = makeSnapshot(3, { percent: 50 });
    other.workflows['support-summary']!.split!.release = 'another-release';
    expect(keysByArm(compileSnapshot(other))).not.toEqual(d1); // new release reshuffles
  });

  it('moves keys only towards the candidate as the percent grows', () => {
    const at = (p: number) => keysByArm(compileSnapshot(makeSnapshot(1, { percent: p })));
    const five = at(5);
    const fifty = at(50);
    for (let i = 0; i < five.length; i++) if (five[i] === 'candidate') expect(fifty[i]).toBe('candidate');
    expect(at(0).every((a) => a === 'control')).toBe(true);
    expect(at(100).every((a) => a === 'candidate')).toBe(true);
  });

  it('never throws on hostile contexts: caller defaults with ERROR / GENERAL', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(routeRequest(compiled, 'support-summary', hostile, { x: 1 })).toMatchObject({
      reason: 'ERROR',
      flags: { x: 1 },
    });
    expect(evaluateFlag(compiled, 'support-summary', 'ai.route.provider', 'x', hostile)).toMatchObject({
      value: 'x',
      reason: 'ERROR',
      errorCode: 'GENERAL',
    });
    expect(
      routeRequest(compiled, 'support-summary', { key: { toString: () => 'x' } as unknown as string }).reason,
    ).toBe('NO_KEY');
    expect(
      evaluateFlag(compiled, 'support-summary', 'ai.route.provider', 'x', { key: 'k', plan: Symbol('s') }).errorCode,
    ).toBeUndefined();
  });
});

function keysByArm(compiled: ReturnType<typeof compileSnapshot>): string[] {
  return Array.from({ length: 500 }, (_, i) => routeRequest(compiled, 'support-summary', { key: `k${i}` }).arm);
}

describe('diffSnapshots', () => {
  it('lists the flags a bundle change touched', () => {
    const changes = diffSnapshots(makeSnapshot(1), makeSnapshot(2, { provider: 'other' }));
    expect(changes).toEqual([{ workflow: 'support-summary', revision: 2, flagsChanged: ['ai.route.provider'] }]);
  });

  it('lists every flag when the split changes, and nothing when only the revision moved', () => {
    const all = ['ai.action.mode', 'ai.rollout.percent', 'ai.route.provider', 'ai.tools.enabled'];
    expect(diffSnapshots(makeSnapshot(1), makeSnapshot(2, { percent: 25 }))[0]?.flagsChanged).toEqual(all);
    const same = { ...makeSnapshot(1), revision: 2 };
    expect(diffSnapshots(makeSnapshot(1), same)).toEqual([]);
    expect(diffSnapshots(undefined, makeSnapshot(1))[0]?.flagsChanged).toEqual(all);
  });
});
