/**
 * Reference distributions for `driftFromReference` gates (PUT /v1/releases/{id}/references): the
 * ride-pricing example's `input-drift` gate compares zone_demand_10m and rain_mm with references the
 * team declares before the start. Without them the gate can never fire on a server; with them it
 * breaches on shifted candidate features and passes on matching ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../src/stats/random.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

/** Ten equal bins of a uniform distribution on [0, 100). */
const uniform = { edges: [10, 20, 30, 40, 50, 60, 70, 80, 90], proportions: Array.from({ length: 10 }, () => 0.1) };
const references = { distributions: { zone_demand_10m: uniform, rain_mm: uniform } };

describe('reference distributions for driftFromReference gates', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function setUp() {
    t = await createTestApp('pglite');
    const documents = exampleDocuments('ride-pricing', { includeReleases: true });
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
    await t.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    return (await t.call('GET', '/v1/releases?workflow=ride-pricing')).body.releases[0].id as string;
  }

  /** Candidate outcomes whose two features are uniform on [0, 100) shifted by `shift`. */
  async function send(id: string, shift: number, n = 400) {
    const rng = seededRandom(shift + 1);
    const events = Array.from({ length: n }, (_, i) => ({
      type: 'outcome',
      id: `e${shift}-${i}`,
      workflow: 'ride-pricing',
      environment: 'production',
      release: 'demand-gbm-42',
      arm: 'candidate',
      bundleVersion: '42',
      requestId: `r${shift}-${i}`,
      at: t.clock.now().toISOString(),
      features: { zone_demand_10m: Math.min(99.9, rng.next() * 100 + shift), rain_mm: rng.next() * 100 },
    }));
    for (let i = 0; i < events.length; i += 250)
      expect((await t.call('POST', '/v1/events', events.slice(i, i + 250))).status).toBe(202);
    const gates = (await t.call('GET', `/v1/releases/${id}/gates`)).body;
    return gates.gates.find((g: any) => g.gate === 'input-drift');
  }

  it('refuses what no gate compares, malformed histograms and a started release, each with a clear error', async () => {
    const id = await setUp();
    const put = (body: unknown) => t.call('PUT', `/v1/releases/${id}/references`, body);
    const unknown = await put({ distributions: { hour_of_week: uniform } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /no driftFromReference gate .* compares hour_of_week; its gates compare/,
    );
    const unsorted = await put({ distributions: { rain_mm: { edges: [2, 1], proportions: [0.2, 0.3, 0.5] } } });
    expect(unsorted.status).toBe(400);
    expect(JSON.stringify(unsorted.body)).toMatch(/strictly increasing/);
    const short = await put({ distributions: { rain_mm: { edges: [1, 2], proportions: [0.5, 0.5] } } });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toMatch(/needs 3 values/);
    const many = { edges: Array.from({ length: 1000 }, (_, i) => i), proportions: [] };
    expect(JSON.stringify((await put({ distributions: { rain_mm: many } })).body)).toMatch(/at most 999 edges/);
    const bare = await put({ rain_mm: uniform });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toMatch(/unknown field "rain_mm"|distributions: required/);
    const sum = await put({ distributions: { rain_mm: { edges: [1], proportions: [0.5, 0.6] } } });
    expect(JSON.stringify(sum.body)).toMatch(/must sum to 1/);
    const partial = await put({ distributions: { rain_mm: uniform } });
    expect(partial.status).toBe(200);
    expect(partial.body).toEqual({ release: 'demand-gbm-42', declared: ['rain_mm'], missing: ['zone_demand_10m'] });
    const timeline = (await t.call('GET', `/v1/releases/${id}`)).body.timeline as any[];
    expect(timeline.at(-1)).toMatchObject({ kind: 'release.references-declared', details: { series: ['rain_mm'] } });
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    const late = await put(references);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/declare them before `releases start`/);
  });

  it('lets the example input-drift gate breach on shifted features and pass on matching ones', async () => {
    const id = await setUp();
    expect((await t.call('PUT', `/v1/releases/${id}/references`, references)).status).toBe(200);
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    const same = await send(id, 0);
    expect(same.state).toBe('passing');
    const shifted = await send(id, 60, 2000);
    expect(shifted.state).toBe('breached');
    expect(shifted.sentence).toMatch(/KL [\d.]+ \(largest: zone_demand_10m\) .*breached/);
  });

  it('without references the gate stays inconclusive and says which reference is missing', async () => {
    const id = await setUp();
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    const gate = await send(id, 60);
    expect(gate.state).toBe('inconclusive');
    expect(gate.sentence).toMatch(/no reference distribution is declared for/);
  });
});
