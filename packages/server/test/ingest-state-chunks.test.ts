/**
 * Incremental persistence of the request index (`gate-state-chunks.ts`): what each commit writes
 * — the main row and only the changed chunks — put together again equals the whole snapshot, at
 * every commit, as the ring grows and wraps, after a failed write, and through the store on each
 * engine.
 */
import { describe, expect, it } from 'vitest';
import type { IngestEvent } from '@ripcord/protocol';
import { batchMaker, benchDocuments } from '../../../bench/ingest-workload.js';
import type { Stores } from '../src/stores.js';
import {
  applyEvent,
  createReleaseState,
  gatesSchema,
  serializeReleaseState,
  type ReleaseGateState,
  type ReleaseStateSnapshot,
} from '../src/features/gates/index.js';
import {
  assembleSnapshot,
  INDEX_CHUNK_SLOTS,
  indexChunkRowId,
  stateTexts,
  type IndexChunk,
} from '../src/features/ingest/gate-state-chunks.js';
import { encodeGateStateJson } from '../src/features/ingest/gate-state-store.js';
import { availableEngines, eachStore, type Engine } from './helpers.js';

const T0 = Date.parse('2026-05-02T10:00:00Z');
const CAPACITY = 2.5 * INDEX_CHUNK_SLOTS;

function lateLabelState(): ReleaseGateState {
  const release = benchDocuments().find((d) => d.kind === 'Release');
  return createReleaseState(
    {
      release: 'bench-50',
      gates: gatesSchema.parse(release?.gates),
      bundles: { control: '1', candidate: '2' },
      requestIndexCapacity: CAPACITY,
    },
    new Date(T0),
  );
}

const maker = batchMaker(250, 3);
const batch = (b: number): IngestEvent[] =>
  JSON.parse(maker.make(b, new Date(T0 + b * 1000)).toString('latin1')) as IngestEvent[];

/** A store of rows by id, as the table keeps them: each write replaces the rows it names. */
class Rows {
  readonly byId = new Map<string, unknown>();
  write(texts: { rowId: string; json: string }[]): void {
    for (const t of texts) this.byId.set(t.rowId, JSON.parse(t.json));
  }
  read(id: string): ReleaseStateSnapshot {
    const main = this.byId.get(id) as ReleaseStateSnapshot;
    return assembleSnapshot(main, (n) => this.byId.get(indexChunkRowId(id, n)) as IndexChunk | undefined);
  }
}

describe('chunked request index', () => {
  it('writes only changed chunks, and what was written reads back as the whole snapshot', () => {
    const state = lateLabelState();
    const rows = new Rows();
    const chunkCounts: number[] = [];
    for (let b = 0; b < 90; b++) {
      for (const e of batch(b)) applyEvent(state, e);
      const { texts, done } = stateTexts('rel_1', state);
      chunkCounts.push(texts.length - 1);
      // Every 7th write fails: nothing is marked written, so the next one covers both.
      if (b % 7 === 3) continue;
      rows.write(texts);
      done();
      expect(rows.read('rel_1')).toEqual(JSON.parse(serializeReleaseState(state)));
    }
    expect(state.index!.evicted).toBeGreaterThan(2 * CAPACITY); // the ring wrapped twice over
    expect(chunkCounts[0]).toBe(1);
    // Steady state: 250 events touch one or two chunks of the three.
    expect(Math.max(...chunkCounts.slice(20).filter((_, i) => (i + 20) % 7 !== 4))).toBeLessThanOrEqual(2);
  });

  it('writes the whole index for a state it has not written (restored), and refuses a missing chunk', () => {
    const state = lateLabelState();
    for (let b = 0; b < 30; b++) for (const e of batch(b)) applyEvent(state, e);
    const first = stateTexts('rel_1', state);
    expect(first.texts.map((t) => t.rowId)).toEqual(['rel_1', 'rel_1#index/0', 'rel_1#index/1', 'rel_1#index/2']);
    const rows = new Rows();
    rows.write(first.texts.filter((t) => t.rowId !== 'rel_1#index/1'));
    expect(() => rows.read('rel_1')).toThrow(/chunk 1 of 3 is missing/);
  });
});

describe.each(availableEngines())('chunked gate state in the store on %s', (engine: Engine) => {
  let stores: Stores;
  eachStore(engine, (fresh) => (stores = fresh));

  it('get and list put the chunks back; delete removes them with the row', async () => {
    const state = lateLabelState();
    const save = async (id: string) => {
      const { texts, done } = stateTexts(id, state);
      const at = new Date(T0);
      const applied = state.applied.events;
      await stores.gateStates.save(
        await Promise.all(
          texts.map((t) => encodeGateStateJson({ releaseId: t.rowId, json: t.json, applied, updatedAt: at })),
        ),
      );
      done();
    };
    for (let b = 0; b < 25; b++) {
      for (const e of batch(b)) applyEvent(state, e);
      await save('rel_a');
    }
    const whole = JSON.parse(serializeReleaseState(state)) as ReleaseStateSnapshot;
    expect((await stores.gateStates.get('rel_a'))?.state).toEqual(whole);
    expect((await stores.gateStates.list(['rel_a', 'rel_x'])).map((r) => [r.releaseId, r.state])).toEqual([
      ['rel_a', whole],
    ]);
    // A release whose id has LIKE wildcards in it keeps its own chunks.
    const other = lateLabelState();
    for (const e of batch(0)) applyEvent(other, e);
    const texts = stateTexts('rel%a', other).texts;
    await stores.gateStates.save(
      await Promise.all(
        texts.map((t) =>
          encodeGateStateJson({ releaseId: t.rowId, json: t.json, applied: 1, updatedAt: new Date(T0) }),
        ),
      ),
    );
    expect(await stores.gateStates.delete('rel%a')).toBe(true);
    expect((await stores.gateStates.get('rel_a'))?.state).toEqual(whole);
    expect(await stores.gateStates.delete('rel_a')).toBe(true);
    expect(await stores.gateStates.get('rel_a')).toBeUndefined();
    expect(await stores.gateStates.delete('rel_a')).toBe(false);
  });
});
