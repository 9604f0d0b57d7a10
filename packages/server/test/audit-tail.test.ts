/**
 * `audit verify` detects deletion at the tail (issue 14): the chain's head is also kept outside
 * the log table (audit_head, written with every append), and an external copy of an earlier answer
 * can be checked too. Deleting the newest rows leaves a chain that is internally consistent.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { availableEngines, createTestApp, type TestApp } from './helpers.js';

const engine = availableEngines().at(-1) ?? 'pglite';

describe(`audit tail deletion (${engine})`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    for (const subject of ['a', 'b', 'c']) await t.call('POST', '/v1/tokens', { subject, role: 'viewer' });
  });
  afterEach(async () => t.close());

  const verify = async (query = '') => (await t.call('GET', `/v1/audit/verify${query}`)).body;

  it('reports the newest entries deleted, from the head kept outside the log', async () => {
    const before = await verify();
    expect(before).toMatchObject({ ok: true, entries: 4 });
    await t.database.db.execute(sql`delete from audit_log where seq >= 3`);
    expect(await verify()).toMatchObject({ ok: false, entries: 2, firstBad: { seq: 3, problem: 'deleted-at-tail' } });
  });

  it('reports it from an external copy of an earlier answer when the head row is removed too', async () => {
    const copy = await verify();
    await t.database.db.execute(sql`delete from audit_log where seq = 4`);
    await t.database.db.execute(sql`delete from audit_head`);
    expect(await verify()).toMatchObject({ ok: true, entries: 3 });
    expect(await verify(`?anchorSeq=${copy.entries}&anchorHash=${copy.headHash}`)).toMatchObject({
      ok: false,
      firstBad: { seq: 4, problem: 'deleted-at-tail' },
    });
  });

  it('reports an edited tail with its head row rewritten, and an external copy whose hash differs', async () => {
    const copy = await verify();
    await t.database.db.execute(sql`update audit_log set hash = repeat('f', 64) where seq = 4`);
    await t.database.db.execute(sql`update audit_head set hash = repeat('f', 64)`);
    // The edited row fails its own hash first; the anchor adds nothing here but must not hide it.
    expect(await verify(`?anchorSeq=${copy.entries}&anchorHash=${copy.headHash}`)).toMatchObject({
      ok: false,
      firstBad: { seq: 4 },
    });
    expect((await t.call('GET', '/v1/audit/verify?anchorSeq=4')).status).toBe(400);
    expect(await verify(`?anchorSeq=2&anchorHash=${'0'.repeat(64)}`)).toMatchObject({
      ok: false,
      firstBad: { seq: 2, problem: 'anchor-mismatch' },
    });
  });
});
