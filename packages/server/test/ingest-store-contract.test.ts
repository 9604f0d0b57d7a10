import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { inTransaction, type Stores } from '../src/stores.js';
import {
  applyEvent,
  createReleaseState,
  gatesSchema,
  restoreReleaseState,
  snapshotReleaseState,
} from '../src/features/gates/index.js';
import {
  decodeGateState,
  encodeGateStateRow,
  type EncodedGateStateRow,
  type GateStateRow,
} from '../src/features/ingest/gate-state-store.js';
import { availableEngines, eachStore } from './helpers.js';

const t0 = new Date('2026-05-02T09:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const gates = gatesSchema.parse([
  { name: 'errors', metric: 'error_rate', candidate: { above: '2x', of: 'control' }, severity: 'immediate' },
  { name: 'p95', metric: 'latency_p95', candidate: { above: 900 }, over: { consecutiveCalls: 50 }, severity: 'rapid' },
]);

function plainRow(releaseId: string, events: number, minutes = 0): GateStateRow {
  const state = createReleaseState({ release: releaseId, gates }, t0);
  for (let i = 0; i < events; i++)
    applyEvent(state, {
      type: 'outcome',
      id: `${releaseId}-${i}`,
      workflow: 'wf',
      environment: 'production',
      arm: i % 2 === 0 ? 'candidate' : 'control',
      at: at(minutes).toISOString(),
      requestId: `r${i}`,
      latencyMs: 100 + i,
      error: i % 7 === 0,
    });
  return { releaseId, state: snapshotReleaseState(state), applied: state.applied.events, updatedAt: at(minutes) };
}

const row = (releaseId: string, events: number, minutes = 0): Promise<EncodedGateStateRow> =>
  encodeGateStateRow(plainRow(releaseId, events, minutes));

describe.each(availableEngines())('ingest store contract on %s', (engine) => {
  let database: Database;
  let s: Stores;
  eachStore(engine, (stores, db) => {
    s = stores;
    database = db;
  });

  it('upserts gate states in one statement, reads them back exactly, lists and deletes them', async () => {
    await s.gateStates.save([await row('rel_a', 10), await row('rel_b', 3)]);
    const a = await s.gateStates.get('rel_a');
    expect(a?.applied).toBe(10);
    expect(a?.updatedAt.toISOString()).toBe(t0.toISOString());
    // The JSON snapshot survives the store exactly: restoring it gives the same aggregate.
    expect(snapshotReleaseState(restoreReleaseState(a!.state))).toEqual(plainRow('rel_a', 10).state);
    // Stored compressed; a plain snapshot (no envelope) still reads as itself.
    expect(JSON.stringify((await row('rel_a', 10)).state).length).toBeLessThan(JSON.stringify(a!.state).length);
    expect(decodeGateState(a!.state)).toBe(a!.state);
    await s.gateStates.save([await row('rel_a', 25, 5)]);
    expect((await s.gateStates.get('rel_a'))?.applied).toBe(25);
    expect((await s.gateStates.get('rel_a'))?.updatedAt.toISOString()).toBe(at(5).toISOString());
    expect((await s.gateStates.list(['rel_b', 'rel_a', 'rel_x'])).map((r) => r.releaseId).sort()).toEqual([
      'rel_a',
      'rel_b',
    ]);
    expect(await s.gateStates.list([])).toEqual([]);
    await s.gateStates.save([]);
    expect(await s.gateStates.delete('rel_b')).toBe(true);
    expect(await s.gateStates.delete('rel_b')).toBe(false);
    expect(await s.gateStates.get('rel_b')).toBeUndefined();
  });

  it('keeps the first response per batch key and prunes by age', async () => {
    const response = (accepted: number) => ({ status: 202, body: { accepted, rejected: [] } });
    await s.ingestBatches.insert([
      { key: 'tok:k1', response: response(5), at: at(0) },
      { key: 'tok:k2', response: response(7), at: at(30) },
    ]);
    await s.ingestBatches.insert([{ key: 'tok:k1', response: response(99), at: at(40) }]);
    expect(await s.ingestBatches.get('tok:k1')).toEqual({ key: 'tok:k1', response: response(5), at: at(0) });
    expect(await s.ingestBatches.get('tok:none')).toBeUndefined();
    expect(await s.ingestBatches.prune(at(10))).toBe(1);
    expect(await s.ingestBatches.get('tok:k1')).toBeUndefined();
    expect((await s.ingestBatches.get('tok:k2'))?.response).toEqual(response(7));
  });

  it('writes gate states and batch keys atomically: a failed commit leaves neither', async () => {
    await s.gateStates.save([await row('rel_a', 1)]);
    await expect(
      inTransaction(database.db, async (tx) => {
        await tx.gateStates.save([await row('rel_a', 50)]);
        await tx.ingestBatches.insert([{ key: 'tok:k9', response: { status: 202, body: {} }, at: t0 }]);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect((await s.gateStates.get('rel_a'))?.applied).toBe(1);
    expect(await s.ingestBatches.get('tok:k9')).toBeUndefined();
  });
});
