import { describe, expect, it } from 'vitest';
import { AppError } from '../../../errors.js';
import type { ReleaseRecord } from '../release-store.js';
import { releaseStatuses, terminalStatuses, type ReleaseStatus } from './status-state.js';
import {
  allowed,
  assertEvent,
  nextStatuses,
  releaseEvents,
  transition,
  type ReleaseEventName,
  type TransitionStores,
} from './transitions.js';

const events = Object.keys(releaseEvents) as ReleaseEventName[];
const watch = { stage: { startedAt: '2026-05-02T09:00:00.000Z' }, gateSince: {} };

function release(status: ReleaseStatus): ReleaseRecord {
  return { id: 'rel_000000000001', name: 'r', workflow: 'wf', environment: 'production', status } as ReleaseRecord;
}

/** Stores that keep what a transition wrote; `stale` makes the conditional write find another status. */
function fakeStores(stale = false) {
  const written: unknown[] = [];
  const stores: TransitionStores = {
    releases: {
      transition: (id, from, fields) => (written.push({ id, from, ...fields }), Promise.resolve(!stale)),
      addEvent: (e) => (written.push(e), Promise.resolve({ ...e, id: written.length })),
    },
    audit: { append: (e) => (written.push(e), Promise.resolve({} as never)) },
    notifications: { enqueue: () => Promise.resolve(0) },
  };
  return { stores, written };
}

describe('the release transition table', () => {
  it('has every status, and terminal statuses lead nowhere but a promoted release back within its cool-down', () => {
    expect(Object.keys(nextStatuses).sort()).toEqual([...releaseStatuses].sort());
    for (const s of terminalStatuses) expect(nextStatuses[s]).toEqual(s === 'promoted' ? ['rolling-back'] : []);
    expect(() => assertEvent(release('promoted'), 'claim')).not.toThrow();
    expect(() => assertEvent(release('promoted'), 'resume')).toThrow(/promoted/);
  });

  it('is the whole truth: each event moves along a pair of the table, and each pair is some event', () => {
    const pairs = new Set<string>();
    for (const e of events) for (const from of releaseEvents[e].from) pairs.add(`${from}→${releaseEvents[e].to}`);
    const table = releaseStatuses.flatMap((from) => nextStatuses[from].map((to) => `${from}→${to}`));
    expect([...pairs].sort()).toEqual([...table].sort());
    for (const from of releaseStatuses)
      for (const to of releaseStatuses) expect(allowed(from, to)).toBe(table.includes(`${from}→${to}`));
  });

  it('accepts each (status, event) pair the table allows and refuses every other with a 409 that says why', () => {
    for (const status of releaseStatuses)
      for (const event of events) {
        const legal = (releaseEvents[event].from as readonly ReleaseStatus[]).includes(status);
        let refusal: unknown;
        try {
          assertEvent(release(status), event);
        } catch (error) {
          refusal = error;
        }
        expect(refusal === undefined, `${status} + ${event}`).toBe(legal);
        if (legal) continue;
        expect(refusal).toBeInstanceOf(AppError);
        expect((refusal as AppError).status).toBe(409);
        expect((refusal as AppError).message).toContain(`release r is ${status}: ${event} needs it`);
      }
  });

  it('writes the status, its state and its timeline and audit entries; a refused one writes nothing', async () => {
    const at = new Date('2026-05-02T09:00:00.000Z');
    const entry = { at, kind: 'release.paused', actor: 'alice', details: { reason: 'look' } };
    const ok = fakeStores();
    const state = { ...watch, pause: { by: 'alice', reason: 'look' } };
    const moved = await transition(ok.stores, undefined, release('running'), 'pause', { state }, entry);
    expect(moved).toMatchObject({ status: 'paused', state });
    expect(ok.written).toEqual([
      expect.objectContaining({ from: 'running', status: 'paused', state }),
      expect.objectContaining({ kind: 'release.paused', releaseId: 'rel_000000000001' }),
      expect.objectContaining({ action: 'release.paused', subject: 'rel_000000000001' }),
    ]);
    const refused = fakeStores();
    await expect(transition(refused.stores, undefined, release('promoted'), 'pause', { state }, entry)).rejects.toThrow(
      /release r is promoted: pause needs it running/,
    );
    expect(refused.written).toEqual([]);
  });

  it('refuses a transition when the release changed status since it was read (no lost write)', async () => {
    const { stores, written } = fakeStores(true);
    const entry = { at: new Date(), kind: 'release.started', actor: 'alice', details: {} };
    await expect(transition(stores, undefined, release('pending'), 'start', { state: watch }, entry)).rejects.toThrow(
      /changed while start was being recorded/,
    );
    expect(written).toHaveLength(1); // the conditional write only; no timeline or audit entry
  });
});
