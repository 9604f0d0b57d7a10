import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReleaseState, ReleaseStatus } from '../src/features/releases/machine/status-state.js';
import { releaseStatuses } from '../src/features/releases/machine/status-state.js';
import { releaseEvents, type ReleaseEventName } from '../src/features/releases/machine/transitions.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

/**
 * The transition table is the whole truth of the running server: a release is put in each status
 * and every request that moves a release by hand is sent to it. A request is refused with a 409
 * naming the status exactly when the table does not allow its event from that status, and a
 * refused request leaves the release as it was.
 */
const startedAt = '2026-05-02T09:00:00.000Z';
const watch = { stage: { startedAt }, gateSince: {} };
const stateFor: Record<ReleaseStatus, ReleaseState> = {
  pending: { status: 'pending', state: {} },
  running: { status: 'running', state: watch },
  paused: { status: 'paused', state: { ...watch, pause: { by: 'alice', reason: 'looking' } } },
  'rolling-back': { status: 'rolling-back', state: watch },
  'rolled-back': { status: 'rolled-back', state: {} },
  // Still in its cool-down: a rollback restores the previous bundle (promoted-rollback.ts).
  promoted: { status: 'promoted', state: { cooldownEndsAt: '2099-01-01T00:00:00.000Z' } },
  aborted: { status: 'aborted', state: {} },
};
/** The requests that move a release by hand, with the event each one is. */
const requests: { path: string; event: ReleaseEventName; body?: unknown }[] = [
  { path: 'start', event: 'start' },
  { path: 'pause', event: 'pause', body: { reason: 'table walk' } },
  { path: 'resume', event: 'resume', body: { reason: 'table walk' } },
  { path: 'promote', event: 'promote', body: { reason: 'table walk' } },
  { path: 'abort', event: 'abort', body: { reason: 'table walk' } },
];

const refusals: Partial<Record<ReleaseStatus, RegExp>> = {
  pending: /has not started/,
  'rolling-back': /is rolling-back and cannot be rolled back now/,
  'rolled-back': /was already rolled back/,
  promoted: /was promoted/,
  aborted: /was aborted/,
};

describe('every (status, request) pair against the transition table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    const docs = exampleDocuments('support-summary', { includeReleases: true });
    await t.call('POST', '/v1/apply', { documents: docs.filter((d) => d.kind !== 'Release') });
    await baseline();
  });
  const baseline = () =>
    t.call('PUT', '/v1/workflows/support-summary/environments/production/labels/production', {
      version: '2026-04-10.1',
      reason: 'baseline',
    });
  afterAll(async () => t.close());

  /** A fresh release of the example ticket under its own name, put in `status` directly in the store. */
  async function releaseIn(status: ReleaseStatus, n: number): Promise<string> {
    const ticket = exampleDocuments('support-summary', { includeReleases: true }).find((d) => d.kind === 'Release')!;
    await t.call('POST', '/v1/apply', { documents: [{ ...ticket, name: `walk-${status}-${n}` }] });
    const id = (await t.call('GET', '/v1/releases?workflow=support-summary')).body.releases.find(
      (r: any) => r.name === `walk-${status}-${n}`,
    ).id as string;
    const stores = t.services.stores;
    if (status !== 'pending')
      expect(
        await stores.releases.transition(id, 'pending', { ...stateFor[status], stage: 1, updatedAt: t.clock.now() }),
      ).toBe(true);
    return id;
  }

  it('refuses exactly the pairs the table does not allow, with a 409 that names the status', async () => {
    let n = 0;
    for (const status of releaseStatuses)
      for (const { path, event, body } of requests) {
        const id = await releaseIn(status, (n += 1));
        const before = (await t.call('GET', `/v1/releases/${id}`)).body.release;
        const answer = await t.call('POST', `/v1/releases/${id}/${path}`, body);
        const legal = (releaseEvents[event].from as readonly ReleaseStatus[]).includes(status);
        const label = `${status} + ${path}: ${answer.status} ${JSON.stringify(answer.body)}`;
        if (legal) {
          expect(answer.status, label).toBe(200);
          // A promotion moved production to the candidate: put it back for the next release.
          if (event === 'promote') await baseline();
          continue;
        }
        expect(answer.status, label).toBe(409);
        expect(answer.body.error.message, label).toMatch(new RegExp(`(is |already ended \\()${status}`));
        const after = (await t.call('GET', `/v1/releases/${id}`)).body.release;
        expect(after, label).toEqual(before);
      }
  });

  it('rolls back only a running, paused or (within its cool-down) promoted release; others get a 409 saying why', async () => {
    let n = 100;
    for (const status of releaseStatuses) {
      const id = await releaseIn(status, (n += 1));
      const answer = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'table walk' });
      const legal = (releaseEvents.claim.from as readonly ReleaseStatus[]).includes(status);
      const label = `${status}: ${answer.status} ${JSON.stringify(answer.body)}`;
      if (legal) expect(answer.status, label).toBeLessThan(300);
      else {
        expect(answer.status, label).toBe(409);
        expect(answer.body.error.message, label).toMatch(refusals[status]!);
      }
    }
    // Once the cool-down is over the previous bundle is no longer kept warm: refused, nothing moves.
    const ended = await releaseIn('promoted', n + 1);
    const stored = (await t.services.stores.releases.get(ended))!;
    const over = { status: 'promoted' as const, state: { cooldownEndsAt: startedAt } };
    expect(await t.services.stores.releases.saveState(ended, { ...over, updatedAt: t.clock.now() })).toBe(true);
    const late = await t.call('POST', `/v1/releases/${ended}/rollback`, { reason: 'table walk' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/cool-down ended at .* no longer kept warm/);
    expect((await t.call('GET', `/v1/releases/${ended}`)).body.release.status).toBe(stored.status);
  });
});
