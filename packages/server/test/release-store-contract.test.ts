import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { inTransaction, type Stores } from '../src/stores.js';
import type { IncidentRecord } from '../src/features/incidents/incident-store.js';
import type { ReleaseRecord } from '../src/features/releases/release-store.js';
import type { ReleaseState, Watch } from '../src/features/releases/machine/status-state.js';
import type { RollbackRun } from '../src/features/rollbacks/run-store.js';
import { availableEngines, eachStore } from './helpers.js';

const t0 = new Date('2026-05-02T09:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const control = { version: '1', flags: { 'ai.action.mode': 'automatic' } };
const watch: Watch = { stage: { startedAt: t0.toISOString() }, gateSince: {} };

function release(id: string, status: ReleaseRecord['status'] = 'pending', minutes = 0): ReleaseRecord {
  const spec = {
    kind: 'Release',
    workflow: 'wf',
    environment: 'production',
    name: id,
  } as unknown as ReleaseRecord['spec'];
  return {
    id,
    workflow: 'wf',
    environment: 'production',
    name: id,
    spec,
    contentHash: 'h',
    ...({ status, state: status === 'pending' ? {} : watch } as ReleaseState),
    references: {},
    stage: -1,
    createdAt: at(minutes),
    createdBy: 'alice',
    updatedAt: at(minutes),
    startedAt: null,
    finishedAt: null,
  };
}

function run(id: string, releaseId: string, status: RollbackRun['status'] = 'running'): RollbackRun {
  const plan = { level: 'level2', steps: [] } as unknown as RollbackRun['plan'];
  return {
    id,
    releaseId,
    status,
    plan,
    steps: [{ index: 0, kind: 'restore', text: 'restore model', key: `${id}:0`, status: 'pending' }],
    actor: 'ripcord',
    reason: 'r',
    requestedAt: t0,
    createdAt: t0,
    updatedAt: t0,
    finishedAt: null,
  };
}

/** The contract of the configuration, release, rollback-run and incident stores, on every engine. */
describe.each(availableEngines())('release-side store contract on %s', (engine) => {
  let database: Database;
  let s: Stores;
  eachStore(engine, (stores, db) => {
    s = stores;
    database = db;
  });

  it('numbers configuration revisions per environment and reads latest, per-workflow, history and environments', async () => {
    const base = {
      config: { flags: {}, segments: {}, bundles: { control } },
      change: { kind: 'control.changed' as const },
      actor: 'a',
      reason: 'r',
      at: t0,
    };
    expect(await s.config.head('production')).toBe(0);
    const first = await inTransaction(database.db, (tx) =>
      tx.config.append({ ...base, environment: 'production', workflow: 'a' }),
    );
    await inTransaction(database.db, (tx) => tx.config.append({ ...base, environment: 'production', workflow: 'b' }));
    await inTransaction(database.db, (tx) =>
      tx.config.append({ ...base, environment: 'production', workflow: 'a', change: { kind: 'flag.set', key: 'k' } }),
    );
    await inTransaction(database.db, (tx) => tx.config.append({ ...base, environment: 'staging', workflow: 'a' }));
    expect(first.revision).toBe(1);
    expect(await s.config.head('production')).toBe(3);
    expect(await s.config.head('staging')).toBe(1);
    expect((await s.config.latest('production', 'a'))?.change).toEqual({ kind: 'flag.set', key: 'k' });
    expect((await s.config.latestPerWorkflow('production')).map((r) => [r.workflow, r.revision])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect((await s.config.history('production', 'a')).map((r) => r.revision)).toEqual([3, 1]);
    expect((await s.config.history('production', 'a', 1)).length).toBe(1);
    expect(await s.config.environments()).toEqual(['production', 'staging']);
  });

  it('never hands out the same revision twice to concurrent writers', async () => {
    const base = {
      config: { flags: {}, segments: {}, bundles: {} },
      change: { kind: 'flag.set' as const },
      actor: 'a',
      reason: 'r',
      at: t0,
      environment: 'production',
    };
    const rows = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(database.db, (tx) => tx.config.append({ ...base, workflow: `w${i % 3}` })),
      ),
    );
    expect(rows.map((r) => r.revision).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('stores releases, finds them by name and status, changes their state and status only from the status read, and keeps timelines and decisions', async () => {
    await s.releases.insert(release('rel_a', 'running', 0));
    await s.releases.insert(release('rel_b', 'pending', 1));
    await s.releases.insert(release('rel_c', 'promoted', 2));
    expect((await s.releases.getByName('wf', 'production', 'rel_b'))?.id).toBe('rel_b');
    expect((await s.releases.list()).map((r) => r.id)).toEqual(['rel_c', 'rel_b', 'rel_a']);
    expect((await s.releases.list({ active: true })).map((r) => r.id)).toEqual(['rel_b', 'rel_a']);
    expect((await s.releases.list({ statuses: ['running'] })).map((r) => r.id)).toEqual(['rel_a']);
    const baking = { ...watch, stage: { startedAt: at(3).toISOString(), bakeEndsAt: at(60).toISOString() } };
    const paused = { status: 'paused', state: { ...baking, pause: { by: 'alice', reason: 'look' } } } as const;
    expect(await s.releases.transition('rel_b', 'pending', { ...paused, stage: 2, updatedAt: at(3) })).toBe(true);
    expect(await s.releases.get('rel_b')).toMatchObject({ ...paused, stage: 2 });
    // A state written for a status the release has left is refused, not written.
    expect(await s.releases.saveState('rel_b', { status: 'running', state: watch, updatedAt: at(4) })).toBe(false);
    expect(
      await s.releases.saveState('rel_b', {
        ...paused,
        state: { ...paused.state, lastDecision: 'k' },
        updatedAt: at(4),
      }),
    ).toBe(true);
    expect((await s.releases.get('rel_b'))?.state).toMatchObject({ lastDecision: 'k', pause: { by: 'alice' } });
    const claim = { status: 'rolling-back', state: watch, updatedAt: at(4) } as const;
    expect(await s.releases.transition('rel_a', 'running', claim)).toBe(true);
    expect(await s.releases.transition('rel_a', 'running', claim)).toBe(false);
    expect(await s.releases.transition('rel_c', 'running', claim)).toBe(false);
    expect((await s.releases.get('rel_a'))?.status).toBe('rolling-back');
    expect((await s.releases.get('rel_c'))?.status).toBe('promoted');
    await s.releases.addEvent({
      releaseId: 'rel_a',
      at: at(1),
      kind: 'release.started',
      actor: 'alice',
      details: { x: 1 },
    });
    await s.releases.addEvent({ releaseId: 'rel_a', at: at(2), kind: 'decision', actor: 'ripcord', details: {} });
    expect((await s.releases.events('rel_a')).map((e) => e.kind)).toEqual(['release.started', 'decision']);
    await s.releases.addDecision({
      id: 'dec_1',
      releaseId: 'rel_a',
      at: at(2),
      kind: 'rollback-now',
      reasoning: 'why',
      evidence: { gates: ['g'] },
      actor: 'ripcord',
    });
    expect(await s.releases.decisions('rel_a')).toEqual([
      {
        id: 'dec_1',
        releaseId: 'rel_a',
        at: at(2),
        kind: 'rollback-now',
        reasoning: 'why',
        evidence: { gates: ['g'] },
        actor: 'ripcord',
      },
    ]);
  });

  it('keeps one running rollback run per release, saves steps and lists runs', async () => {
    await s.runs.insert(run('run_1', 'rel_a'));
    await expect(s.runs.insert(run('run_2', 'rel_a'))).rejects.toThrow();
    expect((await s.runs.running('rel_a'))?.id).toBe('run_1');
    expect((await s.runs.get('run_1'))?.requestedAt).toEqual(t0);
    const steps = [
      {
        index: 0,
        kind: 'restore' as const,
        text: 'restore model',
        key: 'run_1:0',
        status: 'done' as const,
        result: 'ok',
      },
    ];
    await s.runs.save({ id: 'run_1', steps, status: 'succeeded', updatedAt: at(1), finishedAt: at(1) });
    expect(await s.runs.get('run_1')).toMatchObject({ status: 'succeeded', steps });
    expect(await s.runs.running('rel_a')).toBeUndefined();
    await s.runs.insert(run('run_3', 'rel_a'));
    expect((await s.runs.allRunning()).map((r) => r.id)).toEqual(['run_3']);
    expect((await s.runs.forRelease('rel_a')).map((r) => r.id).sort()).toEqual(['run_1', 'run_3']);
  });

  it('stores one incident per run, updates it and lists by status', async () => {
    const incident: IncidentRecord = {
      id: 'inc_1',
      releaseId: 'rel_a',
      runId: 'run_1',
      status: 'verifying',
      times: { detectedAt: t0.toISOString() },
      blastRadius: null,
      verification: null,
      review: null,
      openedAt: t0,
      updatedAt: t0,
    };
    expect(await s.incidents.insert(incident)).toBe(true);
    expect(await s.incidents.insert({ ...incident, id: 'inc_2' })).toBe(false);
    await s.incidents.update('inc_1', {
      status: 'verified',
      blastRadius: { requests: 10, distinctKeys: 3 },
      updatedAt: at(5),
    });
    expect(await s.incidents.get('inc_1')).toMatchObject({
      status: 'verified',
      blastRadius: { requests: 10, distinctKeys: 3 },
    });
    expect((await s.incidents.byRun('run_1'))?.id).toBe('inc_1');
    expect((await s.incidents.list({ status: 'verifying' })).length).toBe(0);
    expect((await s.incidents.list()).map((i) => i.id)).toEqual(['inc_1']);
  });
});
