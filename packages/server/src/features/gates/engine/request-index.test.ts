/**
 * The request index's ring: oldest-first eviction at its capacity, repeat ids, restore, and its
 * JSON text — checked against the plain Map-only index it replaced (evict `keys().next()`), which
 * is kept here as the model.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Arm } from '@ripcord/protocol';
import {
  createRequestIndex,
  indexRequest,
  lookupRequest,
  requestIndexJson,
  restoreRequestIndex,
  snapshotRequestIndex,
  type IndexedRequest,
  type RequestIndex,
} from './request-index.js';

/** The previous implementation: a Map in insertion order, the first key evicted. */
function modelInsert(
  m: { capacity: number; entries: Map<string, IndexedRequest>; evicted: number },
  id: string,
  e: IndexedRequest,
) {
  if (m.entries.has(id)) return;
  m.entries.set(id, e);
  if (m.entries.size > m.capacity) {
    const oldest = m.entries.keys().next();
    if (oldest.done !== true) m.entries.delete(oldest.value);
    m.evicted += 1;
  }
}

const entry = (arm: Arm, prediction?: number): IndexedRequest => ({ arm, prediction });
const ids = (index: RequestIndex): string[] => [...index.entries.keys()];

describe('request index ring', () => {
  it('holds at most its capacity and evicts the oldest first', () => {
    const index = createRequestIndex(3);
    for (const id of ['a', 'b', 'c']) indexRequest(index, id, entry('control'));
    expect(ids(index)).toEqual(['a', 'b', 'c']);
    expect(index.evicted).toBe(0);
    indexRequest(index, 'd', entry('candidate', 2));
    expect(ids(index)).toEqual(['b', 'c', 'd']);
    expect(lookupRequest(index, 'a')).toBeUndefined();
    expect(lookupRequest(index, 'd')).toEqual({ arm: 'candidate', prediction: 2 });
    for (const id of ['e', 'f', 'g', 'h']) indexRequest(index, id, entry('control'));
    // Two full turns of the ring: always the three newest, oldest first.
    expect(ids(index)).toEqual(['f', 'g', 'h']);
    expect(index.entries.size).toBe(3);
    expect(index.order).toHaveLength(3);
    expect(index.evicted).toBe(5);
    expect(snapshotRequestIndex(index).rows.map((r) => r[0])).toEqual(['f', 'g', 'h']);
  });

  it('keeps the first arm of a repeated id and does not move it', () => {
    const index = createRequestIndex(2);
    indexRequest(index, 'a', entry('candidate'));
    indexRequest(index, 'b', entry('control'));
    indexRequest(index, 'a', entry('control'));
    expect(lookupRequest(index, 'a')?.arm).toBe('candidate');
    indexRequest(index, 'c', entry('control'));
    expect(ids(index)).toEqual(['b', 'c']);
    expect(index.evicted).toBe(1);
  });

  it('remembers nothing at capacity 0 and counts every insert as evicted', () => {
    const index = createRequestIndex(0);
    indexRequest(index, 'a', entry('candidate'));
    indexRequest(index, 'b', entry('candidate'));
    expect(index.entries.size).toBe(0);
    expect(index.evicted).toBe(2);
  });

  it('continues in the same order after a snapshot and restore', () => {
    const index = createRequestIndex(4);
    for (let i = 0; i < 6; i++) indexRequest(index, `r${i}`, entry('control', i));
    const restored = restoreRequestIndex(JSON.parse(JSON.stringify(snapshotRequestIndex(index))) as never);
    expect(ids(restored)).toEqual(['r2', 'r3', 'r4', 'r5']);
    expect(restored.evicted).toBe(2);
    for (const x of [index, restored]) indexRequest(x, 'r6', entry('candidate'));
    expect(ids(restored)).toEqual(['r3', 'r4', 'r5', 'r6']);
    expect(snapshotRequestIndex(restored)).toEqual(snapshotRequestIndex(index));
  });

  it('matches the Map-only index, and its JSON text matches the snapshot, over random streams', () => {
    const op = fc.record({ id: fc.integer({ min: 0, max: 3000 }), candidate: fc.boolean() });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        // How often to serialise: every insert, or seldom enough that many chunks change between.
        fc.integer({ min: 1, max: 400 }),
        fc.array(op, { maxLength: 3000, size: 'max' }),
        (capacity, jsonEvery, ops) => {
          let index = createRequestIndex(capacity);
          const model = { capacity, entries: new Map<string, IndexedRequest>(), evicted: 0 };
          ops.forEach(({ id, candidate }, i) => {
            const e = entry(candidate ? 'candidate' : 'control', id % 3 === 0 ? undefined : id / 7);
            indexRequest(index, `q${id}`, e);
            modelInsert(model, `q${id}`, e);
            // The cached chunks must follow every change; a restore starts a new cache.
            if (i % jsonEvery === 0) expect(requestIndexJson(index)).toBe(JSON.stringify(snapshotRequestIndex(index)));
            if (i % 700 === 699) index = restoreRequestIndex(snapshotRequestIndex(index));
          });
          expect([...index.entries.keys()].map((id) => [id, lookupRequest(index, id)])).toEqual([...model.entries]);
          expect(index.evicted).toBe(model.evicted);
          expect(index.order).toHaveLength(index.entries.size);
          expect(requestIndexJson(index)).toBe(JSON.stringify(snapshotRequestIndex(index)));
        },
      ),
      // No shrinking: a failing stream is thousands of inserts and shrinking it takes minutes.
      { numRuns: 100, seed: 4242, endOnFailure: true },
    );
  });
});
