/**
 * Compatibility belongs to the component (issue 13 part 8), end to end on the real server: a model
 * retrained on a new data snapshot, served on the same feature pipeline, is rolled back at level 1
 * (the SDK reports its errors, ingest feeds the gate, the tick decides, the run is recorded), since
 * a training snapshot is provenance and not a serving input; and a bundle that reuses a model
 * inherits what that model was declared to need, so a candidate that keeps the model and changes
 * its feature pipeline is refused even when its own file leaves `requires` out.
 */
import { createClient, decisionFields, type RipcordClient } from '@ripcord/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleDocuments } from './helpers.js';
import { startRealServer, type RealServer } from './real-server.js';

let server: RealServer;
let client: RipcordClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.stop();
});

const SNAPSHOT_42 = 'iceberg://warehouse.trips@snapshot-90177';

/** ride-pricing's workflow and bundle 41 as shipped in examples/. */
function base(): Record<string, unknown>[] {
  return exampleDocuments('ride-pricing').filter((d) => d.kind === 'Workflow' || d.version === '41');
}

/** Bundle 41 with `changes` merged into its components and its `requires` replaced. */
function bundle(version: string, components: Record<string, unknown>, requires?: Record<string, unknown>) {
  const b41 = base().find((d) => d.version === '41')!;
  const merged = { ...(b41.components as Record<string, unknown>), ...components };
  const doc: Record<string, unknown> = { ...b41, version, components: merged };
  if (requires === undefined) delete doc.requires;
  else doc.requires = requires;
  return doc;
}

/** Model 42 retrained on a new snapshot, on the same pipeline fp-12 as model 41. */
const retrained = bundle(
  '42',
  {
    model: { name: 'demand-gbm', version: '42', artifact: 's3://models/demand-gbm/42/model.bin' },
    dataSnapshot: { ref: SNAPSHOT_42 },
  },
  { model: { featurePipeline: 'fp-12', dataSnapshot: SNAPSHOT_42 } },
);

const release = {
  kind: 'Release',
  workflow: 'ride-pricing',
  environment: 'production',
  name: 'retrained-42',
  control: '41',
  candidate: '42',
  plan: [{ canary: { percent: 50, bake: '60m' } }, { promote: {} }],
  gates: [
    {
      name: 'serving-errors',
      metric: 'error_rate',
      candidate: { above: '5%' },
      severity: 'immediate',
      test: 'literal',
      within: 'release',
    },
  ],
  firstRollback: { level: 1 },
  automatic: ['level1', 'level2', 'flags'],
  authority: { flipFlags: 'engineering', reduceAutomation: 'incidentCommander' },
};

describe('compatibility belongs to the component (issue 13 part 8)', () => {
  it('restores the previous model at level 1 when only the training snapshot differs', async () => {
    server = await startRealServer();
    expect((await server.call('POST', '/v1/apply', { documents: [...base(), retrained, release] })).status).toBe(200);
    const label = await server.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    expect(label.status).toBe(200);
    const id = (await server.call('GET', '/v1/releases?workflow=ride-pricing')).body.releases[0].id as string;
    expect((await server.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);

    client = createClient({
      server: server.url,
      token: await server.token('sdk', { environment: 'production', workflows: ['ride-pricing'] }),
      environment: 'production',
      workflows: ['ride-pricing'],
      streaming: false,
    });
    await client.ready();
    const seen = { control: 0, candidate: 0 };
    for (let i = 0; i < 600; i++) {
      const d = client.route('ride-pricing', { key: `rider-${i}` });
      const k = (seen[d.arm] += 1);
      const errored = d.arm === 'candidate' && k % 10 < 3;
      client.report({
        type: 'outcome',
        workflow: 'ride-pricing',
        requestId: `req-${i}`,
        ...decisionFields(d),
        latencyMs: 20,
        ...(errored ? { error: true, errorKind: 'http_5xx' as const } : { error: false }),
      });
    }
    await client.flush();
    expect(seen.candidate).toBeGreaterThan(100);

    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, decision: 'rollback-now', action: 'rolled-back' });
    const executed = (await server.call('GET', `/v1/releases/${id}`)).body.timeline.find(
      (e: { kind: string }) => e.kind === 'rollback.executed',
    );
    expect(executed.details.level).toBe('level1');
    expect(executed.details.refusals).toEqual([]);
    expect(JSON.stringify(executed.details.steps)).toMatch(/restore model: 42 → 41/);
  });

  it('refuses a bundle that keeps model 41 on another pipeline, though its file leaves requires out', async () => {
    server = await startRealServer();
    expect((await server.call('POST', '/v1/apply', { documents: base() })).status).toBe(200);
    const newPipeline = bundle('43', {
      featurePipeline: { version: 'fp-13', code: 'git:pricing-features@c4470b9', features: ['hour_of_week'] },
    });
    const refused = await server.call('POST', '/v1/apply', { documents: [newPipeline] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /model 41 needs featurePipeline fp-12 \(declared in bundle 41; a reused component keeps its requirements\) but this bundle's featurePipeline is fp-13/,
    );
    // The same through the bundle route, and a bundle that meets the inherited need is accepted.
    const direct = await server.call('POST', '/v1/workflows/ride-pricing/bundles', newPipeline);
    expect(direct.status).toBe(400);
    const samePipeline = bundle('44', { serving: { replicas: 14, image: 'registry.local/pricing-server:3.8.2' } });
    expect((await server.call('POST', '/v1/apply', { documents: [samePipeline] })).status).toBe(200);
  });

  it('does not inherit provenance: a bundle reusing model 41 on a newer data snapshot is accepted', async () => {
    server = await startRealServer();
    expect((await server.call('POST', '/v1/apply', { documents: base() })).status).toBe(200);
    const newerData = bundle('45', { dataSnapshot: { ref: SNAPSHOT_42 } });
    expect((await server.call('POST', '/v1/apply', { documents: [newerData] })).status).toBe(200);
  });
});
