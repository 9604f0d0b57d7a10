import { afterEach, describe, expect, it } from 'vitest';
import type { GatePort } from '../src/features/releases/machine/gate-port.js';
import { releaseConsistency } from '../src/features/releases/ticket/release-model.js';
import { releaseSchema } from '../src/features/releases/ticket/release-schema.js';
import { loadExample } from '../src/features/releases/ticket/test-fixtures.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

const quietGates: GatePort = {
  start: () => Promise.resolve(),
  startStage: () => Promise.resolve(),
  evaluate: () => Promise.resolve([{ gate: 'schema-failure-spike', state: 'passing', severity: 'rapid' }]),
  stop: () => Promise.resolve(),
};

/** The walkthrough's case: a staff-only first stage, and no segment staff defined. */
const staffFirst = [
  { canary: { percent: 100, bake: '30m', segment: 'staff' } },
  { canary: { percent: 5, bake: '60m' } },
  { promote: {} },
];
const base = '/v1/workflows/support-summary/environments/production';

describe('a plan naming a segment the environment does not define', () => {
  it('apply-time consistency names the undefined segment and its stage', () => {
    const ex = loadExample('support-summary');
    const release = releaseSchema.parse({ ...ex.rawRelease, plan: staffFirst });
    const report = releaseConsistency({ ...ex, release, segments: [] });
    expect(report.warnings).toContainEqual({
      path: 'plan[0].canary.segment',
      message: expect.stringMatching(
        /^stage 1 \(canary 100% of staff\) names segment staff, which support-summary does not define in production/,
      ),
    });
    expect(releaseConsistency({ ...ex, release, segments: ['staff'] }).warnings.map((w) => w.path)).not.toContain(
      'plan[0].canary.segment',
    );
  });
});

describe('a start or a stage that cannot publish its traffic changes nothing', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function applied(plan: unknown[]) {
    t = await createTestApp('pglite', { gates: quietGates });
    const docs = exampleDocuments('support-summary', { includeReleases: true }).map((d) =>
      d.kind === 'Release' ? { ...d, name: 'retry-1', plan } : d,
    );
    const apply = await t.call('POST', '/v1/apply', { documents: docs });
    expect(apply.status).toBe(200);
    // The apply answer warns about the undefined segment (it may be defined before the start).
    const warnings = JSON.stringify(apply.body);
    const named = plan.some((s) => JSON.stringify(s).includes('"segment":"staff"'));
    expect(warnings.includes('names segment staff, which support-summary does not define in production')).toBe(named);
    await t.call('PUT', `${base}/labels/production`, { version: '2026-04-10.1', reason: 'baseline' });
    return (await t.call('GET', '/v1/releases?workflow=support-summary')).body.releases[0].id as string;
  }
  const show = async (id: string) => (await t.call('GET', `/v1/releases/${id}`)).body;
  const split = async () => (await t.call('GET', `${base}/config`)).body.config.split;

  it('refuses the start with a 409 naming the segment, leaving status, stage and timeline as they were', async () => {
    const id = await applied(staffFirst);
    const before = await show(id);
    const r = await t.call('POST', `/v1/releases/${id}/start`);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(
      /plan stage 1 \(canary 100% of staff\) names segment staff, which support-summary does not define in production/,
    );
    const after = await show(id);
    expect(after.release).toMatchObject({ status: 'pending', stage: before.release.stage, startedAt: null });
    expect(after.timeline).toEqual(before.timeline);
    expect(await split()).toBeUndefined();
    // Once the segment exists the same start publishes the staff-only split.
    await t.call('PUT', `${base}/segments/staff`, { conditions: [], reason: 'staff canary' });
    const ok = await t.call('POST', `/v1/releases/${id}/start`);
    expect(ok.body).toMatchObject({ started: true, release: { status: 'running', stage: 0 } });
    expect(await split()).toEqual({ release: 'retry-1', percent: 100, eligibleSegment: 'staff' });
  });

  it('an advance into a stage whose segment vanished leaves the release in its stage', async () => {
    const id = await applied([{ offline: { tasks: 1000, dataset: 'sha256:41d07c3be912' } }, ...staffFirst]);
    await t.call('PUT', `${base}/segments/staff`, { conditions: [], reason: 'staff canary' });
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    expect((await t.call('DELETE', `${base}/segments/staff?reason=gone`)).status).toBe(200);
    await t.call('POST', `/v1/releases/${id}/offline-evidence`, { tasks: 1000, passed: 1000 });
    const before = (await show(id)).timeline.length;
    const results = await t.services.machine.tick();
    expect(results).toEqual([]); // the tick logged the failure and skipped the release
    const after = await show(id);
    expect(after.release).toMatchObject({ status: 'running', stage: 0 });
    const added = after.timeline.slice(before).map((e: any) => e.kind);
    expect(added).not.toContain('release.stage-started');
    expect(await split()).toBeUndefined();
  });
});
