/**
 * The facts ingest counts for the rollback record and plan, through `POST /v1/events` on each
 * engine: the candidate's blast radius (requests, distinct keys, first/last time) and its write
 * tool calls; neither lost nor double-counted across a retried batch, a restart and a stop.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReleaseFactsReader } from '../src/features/ingest/release-facts-port.js';
import { cannotUndo } from '../src/features/releases/planning/plan-undo.js';
import { availableEngines, createTestApp, type Engine, type TestApp } from './helpers.js';
import { outcome, postEvents, release, startExampleRelease } from './ingest-support.js';

const at = (sec: number) => new Date(Date.parse('2026-05-02T09:00:00.000Z') + sec * 1000).toISOString();

/** 60 events: 40 candidate (keys u0..u9, a refund every 4th), 20 control (with refunds too). */
function traffic(): ReturnType<typeof outcome>[] {
  return Array.from({ length: 60 }, (_, i) =>
    i % 3 === 2
      ? outcome({ arm: 'control', key: `c${i}`, at: at(i), toolCalls: [{ name: 'issue_refund' }] })
      : outcome({
          key: `u${i % 10}`,
          requestId: `req-${i}`,
          at: at(i),
          toolCalls: [
            { name: 'lookup_order', sideEffects: 'read', ok: true },
            ...(i % 4 === 0 ? [{ name: 'issue_refund', ok: true }] : []),
          ],
        }),
  );
}

describe.each(availableEngines())('ingest facts on %s', (engine: Engine) => {
  let t: TestApp;
  let id: string;
  beforeEach(async () => {
    t = await createTestApp(engine);
    id = await startExampleRelease(t);
  });
  afterEach(async () => t.close());

  it('counts the blast radius and write tool calls of the candidate, once, across retries and a restart', async () => {
    const events = traffic();
    const candidate = events.filter((e) => e.arm === 'candidate');
    const refunds = candidate.filter((e) => e.toolCalls?.some((c) => c.name === 'issue_refund'));
    expect((await postEvents(t, events.slice(0, 30), { key: 'facts-1' })).status).toBe(202);
    // The same batch retried, and the same events in a new batch, change nothing.
    await postEvents(t, events.slice(0, 30), { key: 'facts-1' });
    await postEvents(t, [...events.slice(20, 60)]);

    const reader = new ReleaseFactsReader(t.services.gateSessions);
    const expected = {
      requests: candidate.length,
      distinctKeys: 10,
      firstAt: candidate[0]!.at,
      lastAt: candidate.at(-1)!.at,
    };
    expect(await reader.exposure(id)).toEqual(expected);
    const facts = await reader.sideEffectFacts(id);
    expect(facts).toEqual({
      writeToolCalls: [
        {
          tool: 'issue_refund',
          bundleVersion: '2026-05-02.1',
          count: refunds.length,
          sampleIds: refunds.slice(0, 5).map((e) => e.requestId),
        },
      ],
    });
    // What the planner makes of it: the refunds stay done after a rollback.
    const bundle = await t.services.stores.registry.getBundle(release.workflow, '2026-05-02.1');
    expect(cannotUndo(bundle!.spec, facts)).toEqual([
      expect.objectContaining({ kind: 'side-effect', tool: 'issue_refund', count: refunds.length }),
    ]);

    // A new process on the same store reads the same facts and keeps counting from them.
    const restarted = await createTestApp(engine, { database: t.database });
    expect(await restarted.services.gateSessions.load()).toBe(1);
    const again = new ReleaseFactsReader(restarted.services.gateSessions);
    expect(await again.exposure(id)).toEqual(expected);
    expect(await again.sideEffectFacts(id)).toEqual(facts);
    await postEvents(restarted, [outcome({ key: 'u-new', at: at(100), toolCalls: [{ name: 'issue_refund' }] })]);
    // Stopped (the restore finished): read from the persisted state.
    await restarted.services.gateSessions.stop(id);
    expect(restarted.services.gateSessions.isLive(id)).toBe(false);
    expect(await again.exposure(id)).toEqual({
      ...expected,
      requests: expected.requests + 1,
      distinctKeys: 11,
      lastAt: at(100),
    });
    expect((await again.sideEffectFacts(id)).writeToolCalls?.[0]?.count).toBe(refunds.length + 1);
  });

  it('has no facts for a release that never started, and zero for one that served nothing', async () => {
    const reader = new ReleaseFactsReader(t.services.gateSessions);
    expect(await reader.exposure('rel_unknown')).toBeNull();
    expect(await reader.sideEffectFacts('rel_unknown')).toEqual({});
    expect(await reader.exposure(id)).toEqual({ requests: 0, distinctKeys: 0 });
    expect(await reader.sideEffectFacts(id)).toEqual({ writeToolCalls: [] });
  });
});
