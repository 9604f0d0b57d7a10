import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../stats/random.js';
import { release } from './gate-test-release.js';
import { RECENT_SHARE, testAlphas } from './gate-sequential.js';
import { restoreReleaseState, snapshotReleaseState } from './state-snapshot.js';

/** `over: 200 calls` error gate, default `both`; 100 candidate calls per 10 s tick at `rate(tick)`. */
function run(rate: (tick: number) => number, ticks: number, seed = 7) {
  const rng = seededRandom(seed);
  const r = release({ metric: 'error_rate', candidate: { above: '5%' }, over: { consecutiveCalls: 200 } });
  const evals = [];
  for (let t = 0; t < ticks; t++) {
    r.serve('candidate', 100, () => ({ error: rng.next() < rate(t) }));
    r.clock.advance(10_000);
    evals.push(r.evaluate());
  }
  return { r, evals };
}

describe('the test restarted when the words begin to hold (ADR 0002 §9)', () => {
  it('catches a regression that starts after 20,000 healthy calls within a few hundred calls', () => {
    const onset = 200; // ticks of 100 healthy calls at 1 %
    const { evals } = run((t) => (t < onset ? 0.01 : 0.2), onset + 30);
    expect(evals.slice(0, onset).some((e) => e.state === 'breached')).toBe(false);
    const first = evals.findIndex((e) => e.state === 'breached');
    expect(first).toBeGreaterThanOrEqual(onset);
    expect(first - onset).toBeLessThan(10); // < 1,000 calls after onset
    const seq = evals[first]?.test.sequential;
    // The release-long test alone would still be far from it: 20,000 healthy calls dilute it.
    expect(seq?.since).not.toBeNull();
    expect(seq?.samples.candidate).toBeLessThan(1000);
    expect(seq?.needed).toBeCloseTo(1 / testAlphas(0.05, 1).recent, 6);
  });

  it('reports the release-long test, and spends the rest of α on it, while the words do not hold', () => {
    const { evals, r } = run(() => 0.01, 20);
    const last = evals.at(-1);
    expect(last?.state).toBe('passing');
    expect(last?.test.sequential?.since).toBeNull();
    expect(last?.test.sequential?.needed).toBeCloseTo(1 / (0.05 * (1 - RECENT_SHARE)), 6);
    expect(r.state.gates.g?.sequential.recent).toBeNull();
    expect(r.state.gates.g?.sequential.restarts).toBe(0);
  });

  it('keeps one test through a flicker of the words and starts a new one (j + 1) after a window without them', () => {
    // Bad for 3 ticks, healthy for 1 (the words still hold: 200-call window), bad again.
    const { r } = run((t) => (t < 3 || t === 4 ? 0.3 : 0.01), 5);
    const g = () => r.state.gates.g!.sequential;
    expect(g().restarts).toBe(1);
    expect(g().recent?.j).toBe(1);
    const since = g().recent?.since;
    // 300 healthy calls: the words stop holding and the window's span passes without them.
    for (let t = 0; t < 6; t++) {
      r.serve('candidate', 100, () => ({ error: false }));
      r.clock.advance(10_000);
      r.evaluate();
    }
    expect(g().recent).toBeNull();
    r.serve('candidate', 100, () => ({ error: true }));
    r.clock.advance(10_000);
    const e = r.evaluate();
    expect(g().restarts).toBe(2);
    expect(g().recent?.j).toBe(2);
    expect(g().recent?.since).not.toBe(since);
    expect(testAlphas(0.05, 2).recent).toBeCloseTo(testAlphas(0.05, 1).recent / 4, 12);
    expect(e.test.literal).toBe('breached');
  });

  it('runs no restarted test for words that read since the stage began: one test at the whole α', () => {
    const r = release({ metric: 'error_rate', candidate: { above: '5%' } });
    r.serve('candidate', 300, (j) => ({ error: j % 5 === 0 }));
    const e = r.evaluate();
    expect(e.test.literal).toBe('breached');
    expect(e.test.sequential?.needed).toBeCloseTo(20, 9);
    expect(r.state.gates.g?.sequential.recent).toBeNull();
    expect(r.state.gates.g?.sequential.restarts).toBe(0);
  });

  it('round-trips the restarted test through a snapshot, and restores older snapshots without one', () => {
    const { r } = run((t) => (t < 2 ? 0.3 : 0.01), 3);
    const snapshot = JSON.parse(JSON.stringify(snapshotReleaseState(r.state))) as ReturnType<
      typeof snapshotReleaseState
    >;
    expect(restoreReleaseState(snapshot).gates.g?.sequential).toEqual(r.state.gates.g?.sequential);
    const older = structuredClone(snapshot);
    const seq = older.gates.g!.sequential;
    delete seq.recent;
    delete seq.restarts;
    const restored = restoreReleaseState(older).gates.g?.sequential;
    expect(restored?.recent).toBeNull();
    expect(restored?.restarts).toBe(0);
  });

  it('keeps false rollbacks at the tolerance boundary within α + simulation error, restarts included', () => {
    // The hardest healthy case for restarts: the candidate sits exactly at the bound, so the words
    // ("above 1 % over the last 200 calls") begin and stop holding again and again, each time
    // starting a test of its own. 200 canaries × 6,000 calls, evaluated every 100.
    const R = 200;
    const alpha = 0.05;
    let falseRollbacks = 0;
    let episodes = 0;
    for (let c = 0; c < R; c++) {
      const rng = seededRandom(90_000 + c);
      const r = release(
        { metric: 'error_rate', candidate: { above: '1%' }, over: { consecutiveCalls: 200 } },
        { alpha },
      );
      for (let t = 0; t < 60; t++) {
        r.serve('candidate', 100, () => ({ error: rng.next() < 0.01 }));
        r.clock.advance(10_000);
        if (r.evaluate().state === 'breached') {
          falseRollbacks += 1;
          break;
        }
      }
      episodes += r.state.gates.g?.sequential.restarts ?? 0;
    }
    expect(episodes / R).toBeGreaterThan(3); // the words did flicker: many restarted tests ran
    expect(falseRollbacks / R).toBeLessThanOrEqual(alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / R));
  });
});
