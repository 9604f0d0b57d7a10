/**
 * The accept path's shortcuts must not change what is accepted (docs/sdk-protocol.md §2.1, §4):
 * workflows repeated unchanged skip validation and compilation, but only when their revision and
 * JSON both match what was applied; a `snapshot` after a server restore applies even with lower
 * or equal revision numbers; a corrupt message never replaces the last good snapshot.
 */
import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot, WorkflowConfig } from '@ripcord/protocol';
import { SnapshotStore } from '../src/client/snapshot-store.js';
import { compileSnapshot, routeRequest } from '../src/index.js';
import { makeSnapshot } from './helpers/snapshots.js';

/** A snapshot at `revision` with workflows `a` (at `revA`) and `b` (at `revB`), each 5 % or `percents`. */
function twoWorkflows(
  revision: number,
  revA: number,
  revB: number,
  percents: { a?: number; b?: number } = {},
): ConfigSnapshot {
  const wf = (rev: number, percent: number): WorkflowConfig => ({
    ...makeSnapshot(rev, { percent }).workflows['support-summary']!,
    revision: rev,
  });
  return {
    environment: 'production',
    revision,
    generatedAt: new Date(0).toISOString(),
    workflows: { a: wf(revA, percents.a ?? 5), b: wf(revB, percents.b ?? 5) },
  };
}

const text = (s: unknown): string => JSON.stringify(s);

function storeWith(snapshot: ConfigSnapshot): SnapshotStore {
  const store = new SnapshotStore('production');
  expect(store.offer(text(snapshot), 'snapshot')).toMatchObject({ applied: true });
  return store;
}

/** Candidate share over 2,000 keys: tells which percent a compiled workflow serves. */
function candidateShare(store: SnapshotStore, workflow: string): number {
  let n = 0;
  for (let i = 0; i < 2000; i++) if (routeRequest(store.current, workflow, { key: `k${i}` }).arm === 'candidate') n++;
  return n / 2000;
}

describe('SnapshotStore accept path', () => {
  it('reuses an unchanged workflow (same revision and JSON) and recompiles the changed one', () => {
    const store = storeWith(twoWorkflows(1, 1, 1));
    const before = store.current!;
    expect(store.offer(text(twoWorkflows(2, 1, 2, { b: 50 })), 'revision')).toMatchObject({ applied: true });
    const after = store.current!;
    expect(after.revision).toBe(2);
    expect(after.workflows.get('a')).toBe(before.workflows.get('a'));
    expect(after.workflows.get('b')).not.toBe(before.workflows.get('b'));
    // The raw snapshot holds the previous (equal) object of the unchanged workflow, not a copy.
    expect(after.snapshot.workflows.a).toBe(before.snapshot.workflows.a);
    expect(after.snapshot).toEqual(twoWorkflows(2, 1, 2, { b: 50 }));
    expect(candidateShare(store, 'b')).toBeGreaterThan(0.4);
  });

  it('applies a restored server snapshot whose revisions are equal but whose content differs', () => {
    const store = storeWith(twoWorkflows(5, 5, 5, { a: 5 }));
    const restored = twoWorkflows(5, 5, 5, { a: 50 }); // same numbers, other content (a restore)
    expect(store.offer(text(restored), 'snapshot')).toMatchObject({ applied: true });
    expect(store.current!.snapshot).toEqual(restored);
    expect(candidateShare(store, 'a')).toBeGreaterThan(0.4);
    // A `revision` event must be newer: equal revision is ignored even with other content.
    expect(store.offer(text(twoWorkflows(5, 5, 5, { a: 0 })), 'revision')).toEqual({ applied: false, ignored: true });
    expect(candidateShare(store, 'a')).toBeGreaterThan(0.4);
  });

  it('applies a restored server snapshot with lower revisions', () => {
    const store = storeWith(twoWorkflows(9, 9, 8));
    const restored = twoWorkflows(3, 2, 3, { a: 50 });
    expect(store.offer(text(restored), 'snapshot')).toMatchObject({ applied: true });
    expect(store.current!.revision).toBe(3);
    expect(store.current!.snapshot).toEqual(restored);
    expect(candidateShare(store, 'a')).toBeGreaterThan(0.4);
  });

  it('validates a workflow whose revision is unchanged but whose content is not (and rejects it if invalid)', () => {
    const store = storeWith(twoWorkflows(5, 5, 5));
    const corrupt = twoWorkflows(6, 5, 6);
    corrupt.workflows.a!.split!.percent = 150; // same revision as held, invalid content
    const result = store.offer(text(corrupt), 'revision');
    expect(result).toMatchObject({ applied: false, ignored: false });
    expect(result.applied === false && !result.ignored && result.message).toContain('workflows.a.split.percent');
    expect(store.current!.revision).toBe(5);
    expect(store.lastRejected).toBe(true);
  });

  it('still rejects an unchanged workflow whose revision exceeds the new snapshot revision', () => {
    const store = storeWith(twoWorkflows(5, 5, 4));
    const restored = twoWorkflows(4, 5, 4); // workflow a unchanged (revision 5) in a revision-4 snapshot
    const result = store.offer(text(restored), 'snapshot');
    expect(result.applied === false && !result.ignored && result.message).toContain('workflows.a.revision');
    expect(store.current!.revision).toBe(5);
  });

  it('treats the same snapshot again (a reconnect) as already current', () => {
    const s = twoWorkflows(3, 3, 2);
    const store = storeWith(s);
    const held = store.current;
    expect(store.offer(text(s), 'snapshot')).toEqual({ applied: false, ignored: true });
    expect(store.offer(text(s), 'poll')).toEqual({ applied: false, ignored: true });
    expect(store.current).toBe(held);
    expect(store.lastRejected).toBe(false);
  });

  it('never replaces the last good snapshot with unparseable, invalid or foreign messages', () => {
    const store = storeWith(twoWorkflows(1, 1, 1));
    const good = text(twoWorkflows(2, 2, 1, { a: 50 }));
    for (const bad of [
      good.slice(0, -1),
      good.replace('"revision":2', '"revision":"2"'),
      good.replace('"production"', '"staging"'),
      text({ ...twoWorkflows(2, 2, 1), workflows: [] }),
    ]) {
      expect(store.offer(bad, 'revision')).toMatchObject({ applied: false, ignored: false });
      expect(store.current!.revision).toBe(1);
    }
    expect(store.offer(good, 'revision')).toMatchObject({ applied: true });
    expect(candidateShare(store, 'a')).toBeGreaterThan(0.4);
  });

  it('compileSnapshot with a previous snapshot does not modify its input', () => {
    const first = compileSnapshot(twoWorkflows(1, 1, 1));
    const next = twoWorkflows(2, 1, 2);
    const a = next.workflows.a;
    const compiled = compileSnapshot(next, first);
    expect(next.workflows.a).toBe(a);
    expect(compiled.workflows.get('a')).toBe(first.workflows.get('a'));
    expect(compiled.workflows.get('b')).not.toBe(first.workflows.get('b'));
  });
});
