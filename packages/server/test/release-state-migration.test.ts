import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { ReleaseStore } from '../src/features/releases/release-store.js';
import * as schema from '../src/db/schema.js';

const migrations = path.join(import.meta.dirname, '../drizzle');

/** A copy of the migrations folder holding only the first `n` migrations (a store as an older version left it). */
function firstMigrations(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-migrations-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8'));
  journal.entries = journal.entries.slice(0, n);
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries)
    fs.copyFileSync(path.join(migrations, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

const started = '2026-05-02T09:00:00.000Z';
const pending = {
  at: '2026-05-02T09:10:00.000Z',
  expiresAt: '2026-05-02T09:40:00.000Z',
  requestedBy: 'ripcord',
  level: 'level2',
  remaining: ['any on-call engineer'],
  request: { gates: [{ gate: 'g', segments: [] }], override: { note: null } },
};
/** Release rows as the store kept them before ADR 0005: one bag of optional timers. */
const oldRows: Record<string, { status: string; timers: Record<string, unknown> }> = {
  rel_pending: {
    status: 'pending',
    timers: { referenceDistributions: { rain_mm: { edges: [1], proportions: [0.5, 0.5] } } },
  },
  rel_running: {
    status: 'running',
    timers: {
      stageStartedAt: started,
      bakeEndsAt: '2026-05-02T10:00:00.000Z',
      lastDecision: 'continue:',
      gateSince: { g: { state: 'passing', since: started } },
      pendingRollback: pending,
      referenceDistributions: { rain_mm: { edges: [1], proportions: [0.5, 0.5] } },
    },
  },
  rel_paused: {
    status: 'paused',
    timers: {
      stageStartedAt: started,
      offlineEvidence: '2026-05-02T09:05:00.000Z',
      pausedBy: 'alice',
      pauseReason: 'looking',
      firstBreachAt: '2026-05-02T09:08:00.000Z',
      teamLeadAckBy: '2026-05-02T09:30:00.000Z',
    },
  },
  'rel_rolling-back': { status: 'rolling-back', timers: { stageStartedAt: started, gateSince: {} } },
  'rel_rolled-back': {
    status: 'rolled-back',
    timers: {
      stageStartedAt: started,
      firstBreachAt: '2026-05-02T09:08:00.000Z',
      teamLeadAckBy: '2026-05-02T09:30:00.000Z',
      teamLeadAckedAt: '2026-05-02T09:12:00.000Z',
      lastDecision: 'rollback-now:g',
    },
  },
  rel_promoted: { status: 'promoted', timers: { stageStartedAt: started, cooldownEndsAt: '2026-05-05T09:00:00.000Z' } },
  rel_aborted: {
    status: 'aborted',
    timers: { teamLeadAckBy: '2026-05-02T09:30:00.000Z', teamLeadMissed: '2026-05-02T09:31:00.000Z' },
  },
};

describe('the release-state migration (ADR 0005)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('turns every old timers bag into the state its status keeps, and keeps the declared references', async () => {
    const client = await PGlite.create();
    const db = drizzle(client, { schema });
    const old = firstMigrations(1);
    dirs.push(old);
    await migrate(db, { migrationsFolder: old });
    for (const [id, row] of Object.entries(oldRows))
      await client.query(
        `insert into releases (id, workflow, environment, name, spec, content_hash, status, stage, timers, created_at, created_by, updated_at, started_at)
         values ($1, 'wf', 'production', $1, '{}', 'h', $2, 1, $3, $4, 'alice', $4, $5)`,
        [id, row.status, JSON.stringify(row.timers), started, row.status === 'pending' ? null : started],
      );
    await migrate(db, { migrationsFolder: migrations });
    const store = new ReleaseStore({ db });
    const get = async (id: string) => {
      const r = (await store.get(id))!;
      return { status: r.status, state: r.state, references: r.references };
    };
    const refs = { rain_mm: { edges: [1], proportions: [0.5, 0.5] } };
    const watch = { stage: { startedAt: started }, gateSince: {} };
    expect(await get('rel_pending')).toEqual({ status: 'pending', state: {}, references: refs });
    expect(await get('rel_running')).toEqual({
      status: 'running',
      state: {
        stage: { startedAt: started, bakeEndsAt: '2026-05-02T10:00:00.000Z' },
        gateSince: { g: { state: 'passing', since: started } },
        lastDecision: 'continue:',
        pendingRollback: pending, // nulls inside the request are kept as they were
      },
      references: refs,
    });
    expect(await get('rel_paused')).toEqual({
      status: 'paused',
      state: {
        stage: { startedAt: started, evidenceAt: '2026-05-02T09:05:00.000Z' },
        gateSince: {},
        firstBreachAt: '2026-05-02T09:08:00.000Z',
        teamLead: { ackBy: '2026-05-02T09:30:00.000Z', answer: 'waiting' },
        pause: { by: 'alice', reason: 'looking' },
      },
      references: {},
    });
    expect((await get('rel_rolling-back')).state).toEqual(watch);
    expect((await get('rel_rolled-back')).state).toEqual({
      firstBreachAt: '2026-05-02T09:08:00.000Z',
      teamLead: { ackBy: '2026-05-02T09:30:00.000Z', answer: 'acknowledged', at: '2026-05-02T09:12:00.000Z' },
    });
    expect((await get('rel_promoted')).state).toEqual({ cooldownEndsAt: '2026-05-05T09:00:00.000Z' });
    expect((await get('rel_aborted')).state).toEqual({});
    const columns = await client.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'releases'`,
    );
    expect(columns.rows.map((c) => c.column_name)).not.toContain('timers');
    await client.close();
  });
});
