import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

describe('registry API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => t.close());

  const apply = (documents: unknown[], token?: string) => t.call('POST', '/v1/apply', { documents }, token);

  it('applies both example files; re-applying is a no-op with the same ids', async () => {
    const first = await apply([...exampleDocuments('support-summary'), ...exampleDocuments('ride-pricing')]);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: any) => `${r.kind}:${r.name}:${r.outcome}`)).toEqual([
      'Workflow:support-summary:created',
      'Bundle:support-summary/2026-04-10.1:created',
      'Bundle:support-summary/2026-05-02.1:created',
      'Workflow:ride-pricing:created',
      'Bundle:ride-pricing/41:created',
      'Bundle:ride-pricing/42:created',
    ]);
    const again = await apply([...exampleDocuments('support-summary'), ...exampleDocuments('ride-pricing')]);
    expect(again.body.results.map((r: any) => r.outcome)).toEqual(Array(6).fill('unchanged'));
    expect(again.body.results.map((r: any) => r.id)).toEqual(first.body.results.map((r: any) => r.id));
    expect(first.body.results[1].id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('applies Release documents once their bundles exist, and holds both bundles for the release', async () => {
    const r = await apply(exampleDocuments('ride-pricing', { includeReleases: true }));
    expect(r.status).toBe(200);
    expect(r.body.results.at(-1)).toMatchObject({
      kind: 'Release',
      name: 'ride-pricing/production/demand-gbm-42',
      outcome: 'created',
    });
    expect(r.body.results.at(-1).id).toMatch(/^rel_/);
    const again = await apply(exampleDocuments('ride-pricing', { includeReleases: true }));
    expect(again.body.results.at(-1)).toMatchObject({ outcome: 'unchanged', id: r.body.results.at(-1).id });
    const retention = await t.call('GET', '/v1/workflows/ride-pricing/bundles/42/retention');
    expect(retention.body.reasons.map((x: any) => x.message)).toEqual([
      expect.stringMatching(/release hold: release demand-gbm-42 in production/),
    ]);
    const [, , , release] = exampleDocuments('ride-pricing', { includeReleases: true }) as any[];
    const orphan = await apply([{ ...release, name: 'orphan', candidate: '43' }]);
    expect(orphan.status).toBe(404);
    expect(orphan.body.error.message).toMatch(/documents\[0\]: candidate bundle ride-pricing\/43 not found/);
    const bad = await apply([{ ...release, name: 'bad', gates: [] }]);
    expect(bad.status).toBe(400);
  });

  it('refuses different content under an existing version with 409 and keeps the stored bundle', async () => {
    await apply(exampleDocuments('ride-pricing'));
    const before = await t.call('GET', '/v1/workflows/ride-pricing/bundles/41');
    const changed = { ...exampleDocuments('ride-pricing')[1], description: 'sneaky edit' };
    const r = await apply([changed]);
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'conflict' });
    expect(r.body.error.message).toMatch(/immutable/);
    expect((await t.call('GET', '/v1/workflows/ride-pricing/bundles/41')).body).toEqual(before.body);
  });

  it('validates everything before applying anything, naming the path of each bad field', async () => {
    const [wf, b41] = exampleDocuments('ride-pricing') as [any, any];
    const bad = {
      ...b41,
      version: '43',
      components: { ...b41.components, model: { ...b41.components.model, verison: '43' } },
    };
    const r = await apply([wf, bad, { kind: 'Gizmo' }]);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    const paths = r.body.error.details.map((d: any) => d.path);
    expect(paths).toContain('documents[1].components.model');
    expect(paths).toContain('documents[2].kind');
    expect(r.body.error.details.find((d: any) => d.path === 'documents[1].components.model').message).toMatch(
      /verison/,
    );
    expect((await t.call('GET', '/v1/workflows')).body.workflows).toEqual([]);
  });

  it('refuses a bundle whose own requires it does not satisfy', async () => {
    const [wf, b41] = exampleDocuments('ride-pricing') as [any, any];
    const bad = { ...b41, version: '41b', requires: { model: { featurePipeline: 'fp-99' } } };
    const r = await apply([wf, bad]);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ path: 'documents[1].requires.model.featurePipeline' });
    expect(r.body.error.details[0].message).toMatch(/fp-99.*fp-12/);
  });

  it('diffs two bundles by component: the support-summary candidate changes the model', async () => {
    await apply(exampleDocuments('support-summary'));
    const r = await t.call('GET', '/v1/workflows/support-summary/diff?from=2026-04-10.1&to=2026-05-02.1');
    expect(r.status).toBe(200);
    const modelRoute = r.body.components.find((c: any) => c.component === 'modelRoute');
    expect(modelRoute).toEqual({
      component: 'modelRoute',
      status: 'changed',
      changes: [{ path: 'model', from: 'claude-sonnet-4-5', to: 'claude-sonnet-5' }],
    });
    expect(r.body.components.find((c: any) => c.component === 'prompt').status).toBe('unchanged');
    expect(r.body.flags).toEqual([]);
    const ride = await apply(exampleDocuments('ride-pricing'));
    expect(ride.status).toBe(200);
    const d2 = await t.call('GET', '/v1/workflows/ride-pricing/diff?from=41&to=42');
    expect(d2.body.changedComponents).toEqual(['model', 'featurePipeline', 'dataSnapshot', 'serving']);
    expect(d2.body.flags).toEqual([{ path: 'ai.route.provider', from: 'demand-gbm-41', to: 'demand-gbm-42' }]);
  });

  it('moves labels with history, restores an earlier production state in one move, and holds the previous bundle', async () => {
    await apply(exampleDocuments('ride-pricing'));
    const set = (label: string, version: string, reason: string) =>
      t.call('PUT', `/v1/workflows/ride-pricing/environments/production/labels/${label}`, { version, reason });
    expect((await set('production', '41', 'initial')).body.moved).toBe(true);
    t.clock.advance(60_000);
    expect((await set('production', '42', 'promote')).body.move).toMatchObject({ fromVersion: '41', toVersion: '42' });
    expect((await set('production', '42', 'again')).body.moved).toBe(false);
    t.clock.advance(60_000);
    expect((await set('production', '41', 'restore pre-42 pricing')).body.move).toMatchObject({
      fromVersion: '42',
      toVersion: '41',
    });
    const history = await t.call('GET', '/v1/workflows/ride-pricing/label-history?environment=production');
    expect(history.body.history.map((m: any) => [m.fromVersion, m.toVersion, m.reason, m.actor])).toEqual([
      ['42', '41', 'restore pre-42 pricing', 'admin (RIPCORD_ADMIN_TOKEN)'],
      ['41', '42', 'promote', 'admin (RIPCORD_ADMIN_TOKEN)'],
      [null, '41', 'initial', 'admin (RIPCORD_ADMIN_TOKEN)'],
    ]);
    // 42 left production just now: its cool-down (72 h) keeps it.
    const del = await t.call('DELETE', '/v1/workflows/ride-pricing/bundles/42');
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('retention_hold');
    expect((await t.call('POST', '/v1/workflows/ride-pricing/bundles/41/archive')).body.error.message).toMatch(
      /label production in production/,
    );
    t.clock.advance(72 * 3600e3 + 1000);
    expect((await t.call('GET', '/v1/workflows/ride-pricing/bundles/42/retention')).body.retained).toBe(false);
    expect((await t.call('POST', '/v1/workflows/ride-pricing/bundles/42/archive')).status).toBe(200);
    expect((await set('candidate', '42', 'x')).body.error.message).toMatch(/archived/);
    expect((await t.call('POST', '/v1/workflows/ride-pricing/bundles/42/unarchive')).body.archivedAt).toBeNull();
    expect((await t.call('DELETE', '/v1/workflows/ride-pricing/bundles/42')).status).toBe(200);
    expect((await t.call('GET', '/v1/workflows/ride-pricing/bundles/42')).status).toBe(404);
  });

  it('enforces roles and scopes, and records the actor of each change', async () => {
    await apply(exampleDocuments('ride-pricing'));
    const mk = async (role: string, scope?: unknown) =>
      (await t.call('POST', '/v1/tokens', { subject: `${role}-user`, role, ...(scope ? { scope } : {}) })).body
        .token as string;
    const viewer = await mk('viewer');
    const operator = await mk('operator', { workflows: ['support-summary'] });
    const sdk = await mk('sdk', { environment: 'production' });
    expect((await t.call('GET', '/v1/workflows', undefined, viewer)).status).toBe(200);
    expect(
      (
        await t.call(
          'PUT',
          '/v1/workflows/ride-pricing/environments/production/labels/production',
          { version: '41', reason: 'x' },
          viewer,
        )
      ).status,
    ).toBe(403);
    const scoped = await t.call(
      'PUT',
      '/v1/workflows/ride-pricing/environments/production/labels/production',
      { version: '41', reason: 'x' },
      operator,
    );
    expect(scoped.status).toBe(403);
    expect(scoped.body.error.message).toMatch(/not scoped to ride-pricing/);
    expect((await t.call('GET', '/v1/workflows', undefined, sdk)).status).toBe(403);
    expect((await t.call('GET', '/v1/tokens', undefined, operator)).status).toBe(403);
    expect((await t.call('GET', '/v1/workflows', undefined, null)).status).toBe(401);
    expect((await t.call('GET', '/v1/workflows', undefined, 'rc_nope')).status).toBe(401);
    const ops = await mk('operator');
    await t.call(
      'PUT',
      '/v1/workflows/ride-pricing/environments/production/labels/production',
      { version: '41', reason: 'x' },
      ops,
    );
    const audit = await t.call('GET', '/v1/audit');
    expect(audit.body.entries.at(-2)).toMatchObject({
      actor: 'operator-user',
      action: 'label.moved',
      subject: 'ride-pricing/production/production',
    });
    // The production label decides what SDKs serve: the same actor is on the configuration change.
    expect(audit.body.entries.at(-1)).toMatchObject({ actor: 'operator-user', action: 'config.control.changed' });
    const list = await t.call('GET', '/v1/tokens');
    expect(JSON.stringify(list.body)).not.toContain(viewer);
    expect(JSON.stringify(list.body)).not.toMatch(/"hash"/);
    const revokedId = list.body.tokens.find((x: any) => x.subject === 'viewer-user').id;
    expect((await t.call('DELETE', `/v1/tokens/${revokedId}`)).body.revokedAt).not.toBeNull();
    expect((await t.call('GET', '/v1/workflows', undefined, viewer)).status).toBe(401);
  });

  it('detects an edited audit entry', async () => {
    await apply(exampleDocuments('support-summary'));
    expect((await t.call('GET', '/v1/audit/verify')).body).toMatchObject({ ok: true, entries: 4 });
    await t.database.db.execute(sql`update audit_log set actor = 'mallory' where seq = 2`);
    expect((await t.call('GET', '/v1/audit/verify')).body).toMatchObject({
      ok: false,
      firstBad: { seq: 2, problem: 'edited' },
    });
  });

  it('serves health, readiness and a generated OpenAPI 3.1 document', async () => {
    expect((await t.call('GET', '/healthz', undefined, null)).body).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/readyz', undefined, null)).body).toMatchObject({ status: 'ready', store: 'pglite' });
    const doc = (await t.call('GET', '/v1/openapi.json', undefined, null)).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/apply',
        '/v1/workflows/{workflow}/diff',
        '/v1/workflows/{workflow}/environments/{environment}/labels/{label}',
        '/v1/tokens',
      ]),
    );
    expect(
      doc.paths['/v1/workflows/{workflow}/bundles'].post.requestBody.content['application/json'].schema,
    ).toBeDefined();
  });

  it('answers bad requests with 4xx codes', async () => {
    const raw = async (init: RequestInit & { path?: string }) => {
      const res = await t.app.request(init.path ?? '/v1/apply', {
        method: 'POST',
        ...init,
        headers: { authorization: 'Bearer test-admin-token-0123456789', ...(init.headers as object) },
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect(await raw({ body: '{"documents": [', headers: { 'content-type': 'application/json' } })).toMatchObject({
      status: 400,
      body: { error: { code: 'malformed_json' } },
    });
    expect(await raw({ body: 'kind: Workflow', headers: { 'content-type': 'text/yaml' } })).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported_media_type' } },
    });
    expect(
      await raw({
        body: JSON.stringify({ documents: [{ kind: 'Workflow', name: 'x'.repeat(300_000) }] }),
        headers: { 'content-type': 'application/json' },
      }),
    ).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    expect(
      await raw({ body: JSON.stringify({ documents: [], extra: 1 }), headers: { 'content-type': 'application/json' } }),
    ).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    expect(await raw({ path: '/v1/nope', method: 'GET' })).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
  });
});
