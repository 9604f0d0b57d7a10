import { afterEach, describe, expect, it } from 'vitest';
import type { GateEvaluation } from '../src/features/releases/machine/decision.js';
import type { GatePort } from '../src/features/releases/machine/gate-port.js';
import { availableEngines, createTestApp, exampleDocuments, type TestApp } from './helpers.js';

const BO = '/v1/workflows/ride-pricing/batch-outputs';
const run = (batchId: string, outputHash: string) => ({
  bundleVersion: '42',
  batchKey: 'nightly-prices-2026-05-01',
  batchId,
  inputHash: 'sha256:in-0501',
  location: `s3://prices/2026-05-01/${batchId}.parquet`,
  outputHash,
  items: { count: 120_000 },
  startedAt: '2026-05-02T02:00:00Z',
  finishedAt: '2026-05-02T02:40:00Z',
});

/**
 * R5.4 batch outputs: registered by version, re-runs supersede idempotently, the rollback plan of
 * the bad version lists them with the command, and the invalidation is recorded on the incident.
 */
describe.each(availableEngines())('batch outputs (%s)', (engine) => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('registers, supersedes, lists in the rollback plan, and records the invalidation on the incident', async () => {
    let evaluations: GateEvaluation[] = [];
    const gates: GatePort = {
      start: () => Promise.resolve(),
      startStage: () => Promise.resolve(),
      evaluate: () => Promise.resolve(evaluations),
      stop: () => Promise.resolve(),
    };
    t = await createTestApp(engine, { gates });
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('ride-pricing', { includeReleases: true }) });
    await t.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const first = await t.call('POST', BO, run('b1', 'sha256:out-1'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      duplicate: false,
      superseded: [],
      output: { status: 'valid', registeredBy: 'admin (RIPCORD_ADMIN_TOKEN)' },
    });
    // The same run again changes nothing; a re-run under the same key supersedes it.
    const again = await t.call('POST', BO, run('b1', 'sha256:out-1'));
    expect(again.body).toMatchObject({ duplicate: true, output: { id: first.body.output.id } });
    const rerun = await t.call('POST', BO, run('b2', 'sha256:out-2'));
    expect(rerun.body).toMatchObject({ duplicate: false, superseded: [first.body.output.id] });
    const listed = (await t.call('GET', `${BO}?version=42`)).body.outputs;
    expect(listed.map((o: any) => [o.batchId, o.status, o.supersededBy]).sort()).toEqual([
      ['b1', 'superseded', rerun.body.output.id],
      ['b2', 'valid', null],
    ]);
    expect((await t.call('POST', BO, { ...run('b3', 'x'), finishedAt: '2026-05-01T00:00:00Z' })).status).toBe(400);
    expect((await t.call('POST', BO, { ...run('b3', 'x'), bundleVersion: '99' })).status).toBe(404);

    // The rollback plan of the release whose candidate is 42 lists the valid output and the command.
    const id = (await t.call('GET', '/v1/releases')).body.releases[0].id as string;
    await t.call('POST', `/v1/releases/${id}/start`);
    const plan = (await t.call('GET', `/v1/releases/${id}/rollback-plan`)).body;
    expect(plan.invalidate).toEqual({
      outputs: [
        {
          id: rerun.body.output.id,
          batchKey: 'nightly-prices-2026-05-01',
          batchId: 'b2',
          location: 's3://prices/2026-05-01/b2.parquet',
          finishedAt: '2026-05-02T02:40:00.000Z',
        },
      ],
      command: 'ripcord batches invalidate ride-pricing --version 42 -r REASON [--incident ID]',
    });
    evaluations = [
      {
        gate: 'serving-errors',
        state: 'breached',
        severity: 'immediate',
        metric: 'error_rate',
        statistic: 0.08,
        threshold: 0.05,
      },
    ];
    await t.services.machine.tick();
    const [incident] = (await t.call('GET', '/v1/incidents')).body.incidents;
    const oncall = (await t.call('POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).body.token;
    expect(
      (await t.call('POST', `${BO}/invalidate`, { version: '42', reason: 'x', ids: [first.body.output.id] }, oncall))
        .status,
    ).toBe(409);
    const invalidated = await t.call(
      'POST',
      `${BO}/invalidate`,
      { version: '42', reason: 'prices from fp-13 features', incident: incident.id },
      oncall,
    );
    expect(invalidated.status).toBe(200);
    expect(invalidated.body.invalidated).toMatchObject([
      {
        id: rerun.body.output.id,
        status: 'invalidated',
        invalidation: { by: 'team-pricing', reason: 'prices from fp-13 features', incident: incident.id },
      },
    ]);
    expect((await t.call('GET', `${BO}?status=invalidated`)).body.outputs).toHaveLength(1);
    const shown = (await t.call('GET', `/v1/incidents/${incident.id}`)).body;
    expect(shown.timeline.find((e: any) => e.kind === 'batch.invalidated')).toMatchObject({
      actor: 'team-pricing',
      summary:
        'team-pricing invalidated 1 batch output of 42: s3://prices/2026-05-01/b2.parquet (prices from fp-13 features)',
    });
    // Nothing valid is left to list in a plan.
    expect((await t.call('POST', `${BO}/invalidate`, { version: '42', reason: 'again' })).body.invalidated).toEqual([]);
  });
});
