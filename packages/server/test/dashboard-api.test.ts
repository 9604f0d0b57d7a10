/**
 * What the server adds for the dashboard (issue 18): the gate history behind the charts, the change
 * feed and its SSE stream, the dry-run rollback authority, the page at /ui/, and list endpoints
 * that show a workflow-scoped token only its workflows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { GateHistory, thin, type HistoryTick } from '../src/features/dashboard/gate-history.js';
import { visibleTo } from '../src/features/dashboard/change-routes.js';
import type { Change } from '../src/features/dashboard/change-feed.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';
import { outcome, postEvents } from './ingest-support.js';

const tick = (at: number, state: string): HistoryTick => ({
  at: new Date(at * 1000).toISOString(),
  gates: { g: { state, statistic: at, control: null, threshold: 1, logE: null, logNeeded: null, samples: at } },
});

describe('gate history thinning', () => {
  it('halves the ticks but keeps every change of state and the newest', () => {
    const ticks = Array.from({ length: 11 }, (_, i) => tick(i, i === 5 || i === 6 ? 'breached' : 'passing'));
    const kept = thin(ticks).map((t) => Date.parse(t.at) / 1000);
    expect(kept).toEqual([0, 2, 4, 5, 6, 7, 8, 10]);
  });
});

describe('the dashboard API', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function started(): Promise<string> {
    t = await createTestApp('pglite');
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary', { includeReleases: true }) });
    await t.call('PUT', '/v1/workflows/support-summary/environments/production/labels/production', {
      version: '2026-04-10.1',
      reason: 'baseline',
    });
    const id = (await t.call('GET', '/v1/releases?workflow=support-summary')).body.releases[0].id as string;
    expect((await t.call('POST', `/v1/releases/${id}/start`)).status).toBe(200);
    await t.call('POST', `/v1/releases/${id}/offline-evidence`, { tasks: 1000, passed: 1000 });
    await t.services.machine.tick();
    return id;
  }

  const token = async (subject: string, role: string, scope?: unknown) =>
    (await t.call('POST', '/v1/tokens', { subject, role, ...(scope ? { scope } : {}) })).body.token as string;

  it('records every tick of every gate, bounded, stored so that a restart reads it back', async () => {
    const id = await started();
    for (let i = 0; i < 3; i++) {
      t.clock.advance(10_000);
      const at = t.clock.now().toISOString();
      const events = Array.from({ length: 300 }, (_, n) =>
        outcome({
          at,
          arm: n % 3 === 0 ? 'candidate' : 'control',
          schemaValid: !(i === 2 && n % 3 === 0 && n % 2 === 0),
        }),
      );
      expect((await postEvents(t, events)).status).toBe(202);
      await t.services.machine.tick();
    }
    const { status, body } = await t.call('GET', `/v1/releases/${id}/gates/history`);
    expect(status).toBe(200);
    expect(body.release).toMatchObject({ id, workflow: 'support-summary' });
    expect(body.ticks.length).toBeGreaterThanOrEqual(4);
    const last = body.ticks.at(-1);
    expect(last.at).toBe(t.clock.now().toISOString());
    expect(Object.keys(last.gates)).toContain('schema-failure-spike');
    expect(last.gates['schema-failure-spike']).toMatchObject({ threshold: 0.01 });
    expect(last.gates['schema-failure-spike'].statistic).toBeGreaterThan(0);
    // Another instance over the same store (a restart) reads the stored history.
    const again = await new GateHistory({ stores: t.services.stores, logger: createLogger({ level: 'silent' }) }).read(
      id,
    );
    expect(again?.ticks).toEqual(body.ticks);
    // Bounded: capacity 4 keeps it at or under 4 after thinning, newest kept.
    const small = new GateHistory({
      stores: t.services.stores,
      logger: createLogger({ level: 'silent' }),
      capacity: 4,
    });
    for (let i = 0; i < 9; i++)
      await small.record('rel_000000000000', new Date(Date.UTC(2026, 4, 2, 9, 0, i)), [
        { gate: 'g', state: 'passing', severity: 'rapid', statistic: i, threshold: 1, control: null },
      ]);
    const h = await small.read('rel_000000000000');
    expect(h!.ticks.length).toBeLessThanOrEqual(4);
    expect(h!.ticks.at(-1)!.at).toBe('2026-05-02T09:00:08.000Z');
    expect(h!.thinned).toBeGreaterThan(0);

    expect((await t.call('GET', '/v1/releases/rel_ffffffffffff/gates/history')).status).toBe(404);
    const other = await token('pricing-viewer', 'viewer', { workflows: ['ride-pricing'] });
    expect((await t.call('GET', `/v1/releases/${id}/gates/history`, undefined, other)).status).toBe(403);
  });

  it('says what changed since the last poll, and a scoped token hears only its workflows', async () => {
    t = await createTestApp('pglite');
    expect(await t.services.changes.poll()).toEqual([]);
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary', { includeReleases: true }) });
    t.clock.advance(1000);
    await t.call('PUT', '/v1/workflows/support-summary/environments/production/labels/production', {
      version: '2026-04-10.1',
      reason: 'baseline',
    });
    const changes = await t.services.changes.poll();
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'config', workflow: 'support-summary' }));
    // Audit entries are placed in their workflow, as GET /v1/audit filters them.
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'audit', workflow: 'support-summary' }));
    expect(changes).not.toContainEqual(expect.objectContaining({ kind: 'audit', workflow: null }));
    expect(await t.services.changes.poll()).toEqual([]);
    await t.call('POST', '/v1/tokens', { subject: 'someone', role: 'viewer' });
    expect(await t.services.changes.poll()).toEqual([
      expect.objectContaining({ kind: 'audit', workflow: null, environment: null }),
    ]);
    const id = (await t.call('GET', '/v1/releases')).body.releases[0].id as string;
    t.clock.advance(1000);
    await t.call('POST', `/v1/releases/${id}/start`);
    expect(await t.services.changes.poll()).toContainEqual(
      expect.objectContaining({ kind: 'release', id, workflow: 'support-summary', releaseId: id }),
    );
    const scoped = { subject: 's', role: 'viewer' as const, tokenId: 't', scope: { workflows: ['ride-pricing'] } };
    const list: Change[] = [
      { kind: 'release', id, workflow: 'support-summary', environment: 'production', releaseId: id },
      { kind: 'audit', id: '9', workflow: null, environment: null, releaseId: null },
      { kind: 'audit', id: '10', workflow: 'support-summary', environment: 'production', releaseId: null },
      { kind: 'audit', id: '11', workflow: 'ride-pricing', environment: null, releaseId: null },
    ];
    // Entries of no workflow (tokens, alerts) may name any workflow's people: unscoped tokens only.
    expect(visibleTo(scoped, list)).toEqual([list[3]]);
    expect(visibleTo({ ...scoped, scope: null }, list)).toEqual(list);
  });

  it('streams changes over SSE to a bearer token, and refuses one without', async () => {
    const id = await started();
    expect((await t.call('GET', '/v1/changes/stream', undefined, null)).status).toBe(401);
    const res = await t.app.request('/v1/changes/stream', {
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const read = async (until: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!until.test(text) && Date.now() < deadline) text += (await reader.read()).value ?? '';
      return text;
    };
    expect(await read(/event: ready/)).toMatch(/data: \{"subject":"admin/);
    // The feed's first poll sets its cursors; a change after that is streamed.
    await new Promise((r) => setTimeout(r, 1500));
    t.clock.advance(1000);
    await t.call('POST', `/v1/releases/${id}/pause`, { reason: 'look' });
    expect(await read(/event: changes/)).toContain(`"releaseId":"${id}"`);
    await reader.cancel();
  });

  it('streams a workflow-scoped token only the changes of its workflows, audit entries included', async () => {
    const id = await started();
    const scoped = await token('pricing-viewer', 'viewer', { workflows: ['ride-pricing'] });
    const res = await t.app.request('/v1/changes/stream', { headers: { authorization: `Bearer ${scoped}` } });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const read = async (until: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!until.test(text) && Date.now() < deadline) text += (await reader.read()).value ?? '';
      return text;
    };
    expect(await read(/event: ready/)).toMatch(/"subject":"pricing-viewer"/);
    await new Promise((r) => setTimeout(r, 1500));
    // Another workflow's release, audit entries and a token entry (no workflow): none of it is streamed…
    t.clock.advance(1000);
    await t.call('POST', `/v1/releases/${id}/pause`, { reason: 'look' });
    await token('someone-else', 'viewer');
    await new Promise((r) => setTimeout(r, 1500));
    // …and its own workflow's changes are, its audit entries among them.
    t.clock.advance(1000);
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('ride-pricing') });
    await read(/"kind":"audit"[^}]*"workflow":"ride-pricing"/);
    await reader.cancel();
    expect(text).toMatch(/"kind":"audit"[^}]*"workflow":"ride-pricing"/);
    expect(text).not.toMatch(/support-summary|"workflow":null/);
  });

  it('answers who may run the rollback, and whose approval a waiting one needs', async () => {
    const id = await started();
    // Authority comes from the workflow's owners, not the token's role: the admin holds no owner role.
    expect((await t.call('GET', `/v1/releases/${id}/rollback-authority`)).body.authority.outcome).toBe('refused');
    const engineer = await token('team-support-ai', 'operator');
    const plain = await t.call('GET', `/v1/releases/${id}/rollback-authority`, undefined, engineer);
    expect(plain.status).toBe(200);
    expect(plain.body.plan.level).toBe('level1');
    expect(plain.body.authority.outcome).toBe('allowed');
    expect(plain.body.approvers).toEqual([]);
    const two = await t.call('GET', `/v1/releases/${id}/rollback-authority?level=2`);
    expect(two.body.approvers).toEqual([
      expect.objectContaining({ requirement: 'on-call', principals: expect.arrayContaining(['team-support-ai']) }),
    ]);
    const viewer = await token('auditor', 'viewer');
    const refused = await t.call('GET', `/v1/releases/${id}/rollback-authority`, undefined, viewer);
    expect(refused.body.authority.outcome).toBe('refused');
  });

  it('serves the page at /ui/ and every deep link under it, with a strict CSP, and nothing else', async () => {
    t = await createTestApp('pglite');
    const root = await t.app.request('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/ui/');
    const page = await t.app.request('/ui/releases/rel_0123456789ab');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('/ui/assets/app.js');
    const js = await t.app.request('/ui/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const etag = js.headers.get('etag')!;
    expect((await t.app.request('/ui/assets/app.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await t.app.request('/ui/assets/app.css')).status).toBe(200);
    expect((await t.app.request('/ui/assets/nothing.js')).status).toBe(404);
    // No token is needed for the page; the API still needs one.
    expect((await t.app.request('/v1/workflows')).status).toBe(401);
  });

  it('lists only the workflows and releases a scoped token may see', async () => {
    await started();
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('ride-pricing', { includeReleases: true }) });
    const scoped = await token('pricing-viewer', 'viewer', { workflows: ['ride-pricing'] });
    const workflows = (await t.call('GET', '/v1/workflows', undefined, scoped)).body.workflows;
    expect(workflows.map((w: { name: string }) => w.name)).toEqual(['ride-pricing']);
    const releases = (await t.call('GET', '/v1/releases', undefined, scoped)).body.releases;
    expect(releases.map((r: { workflow: string }) => r.workflow)).toEqual(['ride-pricing']);
    expect((await t.call('GET', '/v1/workflows')).body.workflows).toHaveLength(2);
  });
});
