import { afterEach, describe, expect, it } from 'vitest';
import type { GatePort } from '../src/features/releases/machine/gate-port.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

/** Gates that always pass: only the offline evidence decides whether the release advances. */
const quietGates: GatePort = {
  start: () => Promise.resolve(),
  startStage: () => Promise.resolve(),
  evaluate: () => Promise.resolve([{ gate: 'schema-failure-spike', state: 'passing', severity: 'rapid' }]),
  stop: () => Promise.resolve(),
};

describe('offline evidence (R2.1) is validated and judged', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  /** examples/support-summary.yaml started: offline 1000 tasks; the candidate requires schemaPassRate 0.995. */
  async function started() {
    t = await createTestApp('pglite', { gates: quietGates });
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary', { includeReleases: true }) });
    await t.call('PUT', '/v1/workflows/support-summary/environments/production/labels/production', {
      version: '2026-04-10.1',
      reason: 'baseline',
    });
    const id = (await t.call('GET', '/v1/releases?workflow=support-summary')).body.releases[0].id as string;
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    return id;
  }
  const show = async (id: string) => (await t.call('GET', `/v1/releases/${id}`)).body;
  const evidence = (id: string, body: Record<string, unknown>) =>
    t.call('POST', `/v1/releases/${id}/offline-evidence`, body);

  it('0/1000 passed never reaches a live stage: the release pauses with a decision naming the numbers', async () => {
    const id = await started();
    const r = await evidence(id, { tasks: 1000, passed: 0 });
    expect(r.status).toBe(200);
    expect(r.body.offline.verdict).toBe('failed');
    expect(r.body.status).toBe('paused');
    const shown = await show(id);
    const decision = shown.decisions.at(-1);
    expect(decision.kind).toBe('investigate');
    expect(decision.reasoning).toMatch(/0\/1000 tasks passed \(0 %\), below the required 99\.5 % \(995\/1000/);
    expect(decision.reasoning).toMatch(/evaluation\.thresholds\.schemaPassRate/);
    expect(shown.release.state.pause.reason).toBe(decision.reasoning);
    for (let i = 0; i < 3; i += 1) {
      t.clock.advance(3_600_000);
      await t.services.machine.tick();
    }
    expect((await show(id)).release).toMatchObject({ status: 'paused', stage: 0 });
    // A person resumes: the release waits in its offline stage for an evaluation that passes.
    await t.call('POST', `/v1/releases/${id}/resume`, { reason: 'evaluation re-run' });
    expect((await t.services.machine.tick())[0]).toMatchObject({ action: 'none' });
    expect((await show(id)).release.stage).toBe(0);
    const split = (await t.call('GET', '/v1/workflows/support-summary/environments/production/config')).body.config
      .split;
    expect(split).toBeUndefined();
  });

  it('a paused release records a re-run that passes, and advances once a person resumes it', async () => {
    const id = await started();
    expect((await evidence(id, { tasks: 1000, passed: 0 })).body.status).toBe('paused');
    const rerun = await evidence(id, { tasks: 1000, passed: 1000 });
    expect(rerun.body).toMatchObject({ status: 'paused', offline: { verdict: 'passed' } });
    await t.call('POST', `/v1/releases/${id}/resume`, { reason: 'evaluation re-run passed' });
    expect((await t.services.machine.tick())[0]).toMatchObject({ action: 'advanced' });
    expect((await show(id)).release.stage).toBe(1);
  });

  it('997/1000 meets the example candidate’s 99.5 % and advances to 5 %', async () => {
    const id = await started();
    const r = await evidence(id, { tasks: 1000, passed: 997, dataset: 'sha256:41d07c3be912' });
    expect(r.body.offline).toMatchObject({
      verdict: 'passed',
      required: { tasks: 1000, passRate: 0.995, passed: 995 },
    });
    expect((await t.services.machine.tick())[0]).toMatchObject({ action: 'advanced' });
    expect((await show(id)).release.stage).toBe(1);
  });

  it('994/1000 is one task short of the bar: failed', async () => {
    const id = await started();
    expect((await evidence(id, { tasks: 1000, passed: 994 })).body.offline.verdict).toBe('failed');
  });

  it('fewer tasks than the plan asks for, or another dataset, is not complete evidence', async () => {
    const id = await started();
    const r = await evidence(id, { tasks: 10, passed: 10 });
    expect(r.body.offline.verdict).toBe('incomplete');
    expect(r.body.offline.reason).toMatch(/covers 10 of the 1000 tasks the plan asks for/);
    expect(r.body.status).toBe('running');
    expect((await t.services.machine.tick())[0]).toMatchObject({ action: 'none' });
    const other = await evidence(id, { tasks: 1000, passed: 1000, dataset: 'sha256:000000000000' });
    expect(other.body.offline.verdict).toBe('incomplete');
    expect((await t.services.machine.tick())[0]).toMatchObject({ action: 'none' });
    // The latest evidence counts: passing evidence then short evidence leaves the stage incomplete.
    await evidence(id, { tasks: 1000, passed: 1000 });
    await evidence(id, { tasks: 500, passed: 500 });
    expect((await t.services.machine.tick())[0]).toMatchObject({ action: 'none' });
    expect((await show(id)).release.stage).toBe(0);
  });

  it('refuses numbers that cannot be evidence with a 400', async () => {
    const id = await started();
    const bad = [
      { tasks: 10, passed: 11 },
      { tasks: 0, passed: 0 },
      { tasks: 10, passed: -1 },
      { tasks: 10.5, passed: 1 },
    ];
    for (const body of bad) {
      const r = await evidence(id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    const r = await evidence(id, { tasks: 10, passed: 11 });
    expect(JSON.stringify(r.body)).toMatch(/cannot exceed tasks/);
    expect((await show(id)).timeline.map((e: any) => e.kind)).not.toContain('release.offline-evidence');
  });
});
