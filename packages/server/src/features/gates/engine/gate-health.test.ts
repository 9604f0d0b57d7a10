/**
 * Health gates (GATES.md: "the candidate's declared health endpoint failed 3 consecutive probes"):
 * one probe round per tick, stale probes, and the words of the reading in singular and plural.
 */
import { describe, expect, it } from 'vitest';
import { HEALTH_STALE_MS, readHealth } from './gate-literal-discrete.js';
import { release, T0 } from './gate-test-release.js';
import { applyProbe } from './release-state.js';

const healthGate = { metric: 'health_check', candidate: { failing: true }, severity: 'immediate' };
const TICK_MS = 10_000;

/** A health gate and a prober that feeds one round per tick, as `release-tick.ts` does. */
function probed() {
  const r = release(healthGate);
  const round = (endpoints: readonly boolean[], arm: 'candidate' | 'control' = 'candidate') => {
    applyProbe(r.state, { arm, ok: endpoints.every(Boolean), at: r.clock.now() });
    const e = r.evaluate();
    r.clock.advance(TICK_MS);
    return e;
  };
  const health = () => r.state.gates.g?.health ?? null;
  return { r, round, health };
}

describe('health gate rounds', () => {
  it('breaches on the third round in which one of two endpoints failed, the other passing every time', () => {
    const { round } = probed();
    expect(round([false, true])).toMatchObject({ state: 'inconclusive', statistic: 1 });
    expect(round([false, true])).toMatchObject({ state: 'inconclusive', statistic: 2 });
    expect(round([false, true])).toMatchObject({ state: 'breached', statistic: 3 });
    expect(round([false, true]).state).toBe('breached');
  });

  it('counts rounds in which any endpoint failed, whichever it was', () => {
    const { round } = probed();
    round([false, true]);
    round([true, false]);
    expect(round([false, false]).state).toBe('breached');
  });

  it('resets on a round in which every endpoint passed', () => {
    const { round } = probed();
    round([false, true]);
    round([true, false]);
    expect(round([true, true])).toMatchObject({ state: 'passing', statistic: 0 });
    round([false, true]);
    expect(round([false, true])).toMatchObject({ state: 'inconclusive', statistic: 2 });
    expect(round([false, true]).state).toBe('breached');
    expect(round([true, true]).state).toBe('passing');
  });

  it("ignores control's rounds", () => {
    const { round, health } = probed();
    for (let i = 0; i < 5; i++) expect(round([false], 'control').state).toBe('inconclusive');
    expect(health()).toMatchObject({ probes: 0, consecutiveFailures: 0 });
    expect(round([true]).state).toBe('passing');
  });

  it('says how many more failed probes fail the gate, in singular and plural', () => {
    const { round } = probed();
    const one = round([false]);
    expect(one.reason).toBe('2 more failed probes fail the gate');
    expect(one.sentence).toBe(
      'candidate health check: 1 consecutive failed probe: inconclusive — 2 more failed probes fail the gate',
    );
    const two = round([false]);
    expect(two.reason).toBe('1 more failed probe fails the gate');
    expect(two.sentence).toBe(
      'candidate health check: 2 consecutive failed probes: inconclusive — 1 more failed probe fails the gate',
    );
    expect(round([false]).sentence).toBe('candidate health check: 3 consecutive failed probes: breached');
  });
});

describe('stale health probes', () => {
  it('reads a passing gate as inconclusive once no probe came for over a minute (through evaluate)', () => {
    const r = release(healthGate);
    applyProbe(r.state, { arm: 'candidate', ok: true, at: r.clock.now() });
    r.clock.advance(HEALTH_STALE_MS);
    expect(r.evaluate().state).toBe('passing');
    r.clock.advance(6 * 3600_000);
    const e = r.evaluate();
    expect(e.state).toBe('inconclusive');
    expect(e.sentence).toMatch(/^candidate health check: latest probe passed: inconclusive — no health probe since /);
  });

  const at = (ms: number) => ({ now: new Date(T0.getTime() + ms) });

  it('reads a gate never probed as inconclusive', () => {
    const { r } = probed();
    expect(readHealth(r.state.gates.g!, at(0))).toMatchObject({
      verdict: 'inconclusive',
      reason: 'no probe result yet',
    });
  });

  it('passes while the latest passing probe is at most a minute old, and is inconclusive after', () => {
    const { r } = probed();
    applyProbe(r.state, { arm: 'candidate', ok: true, at: T0 });
    const gs = r.state.gates.g!;
    expect(readHealth(gs, at(0)).verdict).toBe('passing');
    expect(readHealth(gs, at(HEALTH_STALE_MS)).verdict).toBe('passing');
    expect(readHealth(gs, at(HEALTH_STALE_MS + 1))).toMatchObject({
      verdict: 'inconclusive',
      statistic: 0,
      reason:
        'no health probe since 2026-05-02T10:00:00.000Z (1m ago; the last one passed); a probe older than 1m is stale',
    });
    expect(readHealth(gs, at(6 * 3600_000)).reason).toMatch(
      /^no health probe since .* \(6h ago; the last one passed\)/,
    );
  });

  it('does not keep a breach that no probe has confirmed for longer than the limit', () => {
    const { r } = probed();
    for (let i = 0; i < 3; i++) applyProbe(r.state, { arm: 'candidate', ok: false, at: T0 });
    const gs = r.state.gates.g!;
    expect(readHealth(gs, at(0)).verdict).toBe('breached');
    expect(readHealth(gs, at(2 * HEALTH_STALE_MS))).toMatchObject({
      verdict: 'inconclusive',
      statistic: 3,
      reason:
        'no health probe since 2026-05-02T10:00:00.000Z (2m ago; the last 3 failed); a probe older than 1m is stale',
    });
    applyProbe(r.state, { arm: 'candidate', ok: false, at: new Date(T0.getTime() + 2 * HEALTH_STALE_MS) });
    expect(readHealth(gs, at(2 * HEALTH_STALE_MS)).verdict).toBe('breached');
  });
});
