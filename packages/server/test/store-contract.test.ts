import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { inTransaction, type Stores } from '../src/stores.js';
import { auditHash, genesisHash } from '../src/features/audit/audit-store.js';
import type { BundleSpec } from '../src/features/bundles/bundle-schema.js';
import { availableEngines, eachStore } from './helpers.js';

const t0 = new Date('2026-05-02T09:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const bundle = (version: string): BundleSpec => ({
  kind: 'Bundle',
  workflow: 'wf',
  version,
  components: { model: { name: 'm', version } },
});
const workflowRecord = {
  name: 'wf',
  spec: { kind: 'Workflow' as const, name: 'wf', type: 'llm' as const },
  contentHash: 'h1',
  createdAt: t0,
  createdBy: 'alice',
  updatedAt: t0,
  updatedBy: 'alice',
};
const bundleRecord = (version: string, minutes = 0) => ({
  id: `sha256:${version}`,
  workflow: 'wf',
  version,
  spec: bundle(version),
  createdAt: at(minutes),
  createdBy: 'alice',
  archivedAt: null,
  archivedBy: null,
});

describe.each(availableEngines())('store contract on %s', (engine) => {
  let database: Database;
  let s: Stores;
  eachStore(engine, (stores, db) => {
    s = stores;
    database = db;
  });

  it('stores, reads, lists and updates workflows', async () => {
    expect(await s.registry.getWorkflow('wf')).toBeUndefined();
    await s.registry.insertWorkflow(workflowRecord);
    expect(await s.registry.getWorkflow('wf')).toEqual(workflowRecord);
    await s.registry.updateWorkflow('wf', { ...workflowRecord.spec, description: 'd' }, 'h2', 'bob', at(5));
    const updated = await s.registry.getWorkflow('wf');
    expect(updated).toMatchObject({
      contentHash: 'h2',
      updatedBy: 'bob',
      createdBy: 'alice',
      spec: { description: 'd' },
    });
    expect(updated?.updatedAt.toISOString()).toBe(at(5).toISOString());
    await s.registry.insertWorkflow({ ...workflowRecord, name: 'aa' });
    expect((await s.registry.listWorkflows()).map((w) => w.name)).toEqual(['aa', 'wf']);
  });

  it('inserts bundles once, reads them by version and id, lists, archives, unarchives and deletes', async () => {
    await s.registry.insertWorkflow(workflowRecord);
    expect(await s.registry.insertBundle(bundleRecord('1'))).toBe(true);
    expect(await s.registry.insertBundle({ ...bundleRecord('1'), id: 'sha256:other' })).toBe(false);
    expect(await s.registry.insertBundle(bundleRecord('2', 1))).toBe(true);
    expect(await s.registry.getBundle('wf', '1')).toEqual(bundleRecord('1'));
    expect((await s.registry.getBundleById('sha256:2'))?.version).toBe('2');
    expect(await s.registry.getBundle('wf', '9')).toBeUndefined();
    await s.registry.archiveBundle('wf', '1', 'bob', at(2));
    expect((await s.registry.listBundles('wf')).map((b) => b.version)).toEqual(['2']);
    expect((await s.registry.listBundles('wf', { includeArchived: true })).map((b) => b.version)).toEqual(['1', '2']);
    expect((await s.registry.getBundle('wf', '1'))?.archivedBy).toBe('bob');
    await s.registry.unarchiveBundle('wf', '1');
    expect((await s.registry.getBundle('wf', '1'))?.archivedAt).toBeNull();
    await s.registry.deleteBundle('wf', '1');
    expect(await s.registry.getBundle('wf', '1')).toBeUndefined();
  });

  it('moves labels with an append-only history and finds labels pointing at a bundle', async () => {
    const base = { workflow: 'wf', environment: 'production', label: 'production', reason: 'r', actor: 'alice' };
    const first = await s.registry.moveLabel({ ...base, toVersion: '1', at: at(1) });
    expect(first).toMatchObject({ fromVersion: null, toVersion: '1' });
    const second = await s.registry.moveLabel({ ...base, toVersion: '2', at: at(2), actor: 'bob' });
    expect(second).toMatchObject({ fromVersion: '1', toVersion: '2', actor: 'bob' });
    await s.registry.moveLabel({ ...base, environment: 'staging', toVersion: '1', at: at(3) });
    expect(await s.registry.getLabel('wf', 'production', 'production')).toMatchObject({
      bundleVersion: '2',
      updatedBy: 'bob',
    });
    expect((await s.registry.listLabels('wf')).map((l) => `${l.environment}:${l.bundleVersion}`)).toEqual([
      'production:2',
      'staging:1',
    ]);
    expect((await s.registry.listLabels('wf', 'staging')).length).toBe(1);
    expect((await s.registry.labelsPointingAt('wf', '1')).map((l) => l.environment)).toEqual(['staging']);
    const history = await s.registry.labelHistory('wf', { environment: 'production' });
    expect(history.map((m) => m.toVersion)).toEqual(['2', '1']);
    expect((await s.registry.labelHistory('wf', { limit: 1 })).length).toBe(1);
    expect((await s.registry.labelHistory('wf', { label: 'nope' })).length).toBe(0);
  });

  it('keeps retention holds until they end or are released', async () => {
    await s.registry.addHold({
      workflow: 'wf',
      bundleVersion: '1',
      kind: 'cooldown',
      reason: 'r',
      until: at(60),
      createdAt: t0,
    });
    await s.registry.addHold({
      workflow: 'wf',
      bundleVersion: '1',
      kind: 'release',
      reason: 'r',
      until: null,
      createdAt: t0,
    });
    expect((await s.registry.activeHolds('wf', '1', at(30))).map((h) => h.kind)).toEqual(['cooldown', 'release']);
    expect((await s.registry.activeHolds('wf', '1', at(61))).map((h) => h.kind)).toEqual(['release']);
    await s.registry.releaseHolds('wf', '1', 'release', at(62));
    expect(await s.registry.activeHolds('wf', '1', at(63))).toEqual([]);
    expect(await s.registry.activeHolds('wf', '2', at(0))).toEqual([]);
  });

  it('stores tokens by hash, lists, revokes and counts them', async () => {
    expect(await s.tokens.count()).toBe(0);
    const token = {
      id: 'tok_1',
      subject: 'ci',
      role: 'operator' as const,
      hash: 'abc',
      scope: { workflows: ['wf'] },
      createdAt: t0,
      createdBy: 'admin',
      revokedAt: null,
      revokedBy: null,
    };
    await s.tokens.insert(token);
    await s.tokens.insert({ ...token, id: 'tok_2', hash: 'def', scope: null, createdAt: at(1) });
    expect(await s.tokens.count()).toBe(1);
    expect(await s.tokens.findByHash('abc')).toEqual(token);
    expect(await s.tokens.get('tok_2')).toMatchObject({ scope: null });
    await s.tokens.revoke('tok_1', 'admin', at(2));
    expect((await s.tokens.list()).map((t) => t.id)).toEqual(['tok_2']);
    expect((await s.tokens.list({ includeRevoked: true })).map((t) => t.id)).toEqual(['tok_1', 'tok_2']);
    expect((await s.tokens.findByHash('abc'))?.revokedBy).toBe('admin');
  });

  it('appends a hash chain to the audit log and lists it by time and sequence', async () => {
    const a = await s.audit.append({
      at: at(1),
      actor: 'alice',
      action: 'x.created',
      subject: 's1',
      details: { n: 1 },
    });
    const b = await s.audit.append({ at: at(2), actor: 'bob', action: 'x.updated', subject: 's1', details: {} });
    expect(a).toMatchObject({ seq: 1, prevHash: genesisHash });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash });
    expect(auditHash(b)).toBe(b.hash);
    expect((await s.audit.list()).map((e) => e.seq)).toEqual([1, 2]);
    expect((await s.audit.list({ since: at(2) })).map((e) => e.seq)).toEqual([2]);
    expect((await s.audit.list({ afterSeq: 1 })).map((e) => e.actor)).toEqual(['bob']);
    expect((await s.audit.list({ limit: 1 })).length).toBe(1);
  });

  it('rolls a transaction back as a whole', async () => {
    await expect(
      inTransaction(database.db, async (tx) => {
        await tx.registry.insertWorkflow(workflowRecord);
        await tx.audit.append({ at: t0, actor: 'a', action: 'x', subject: 'y', details: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await s.registry.getWorkflow('wf')).toBeUndefined();
    expect(await s.audit.list()).toEqual([]);
  });

  it('serialises concurrent audit appends into one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inTransaction(database.db, (tx) =>
          tx.audit.append({ at: at(i), actor: `a${i}`, action: 'x', subject: 'y', details: {} }),
        ),
      ),
    );
    const entries = await s.audit.list();
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    entries.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? genesisHash : entries[i - 1]!.hash));
  });
});
