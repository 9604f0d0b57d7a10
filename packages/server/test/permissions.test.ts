/**
 * Permissions without holes (issue 14): one test per hole, on a real store through the HTTP API.
 * Tokens create only tokens within their own role and scope; the last unscoped admin cannot be
 * revoked; RIPCORD_ADMIN_TOKEN at start re-admits a revoked admin token (audited as recovery).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminToken, availableEngines, createTestApp, exampleDocuments, type TestApp } from './helpers.js';

const engine = availableEngines().at(-1) ?? 'pglite';

describe(`permissions (${engine})`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const mk = async (role: string, scope?: unknown, as?: string) => {
    const res = await t.call('POST', '/v1/tokens', { subject: `${role}-user`, role, ...(scope ? { scope } : {}) }, as);
    expect(res.status).toBe(201);
    return res.body as { token: string; record: { id: string } };
  };

  it('a token creates tokens only within its own role and scope', async () => {
    const scopedAdmin = (await mk('admin', { workflows: ['support-summary'] })).token;
    const create = (body: unknown) => t.call('POST', '/v1/tokens', body, scopedAdmin);
    const unscoped = await create({ subject: 'x', role: 'admin' });
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.error.message).toMatch(/within its own role/);
    expect((await create({ subject: 'x', role: 'viewer', scope: { workflows: ['ride-pricing'] } })).status).toBe(403);
    expect(
      (await create({ subject: 'x', role: 'viewer', scope: { workflows: ['support-summary', 'ride-pricing'] } }))
        .status,
    ).toBe(403);
    expect((await create({ subject: 'x', role: 'sdk', scope: { environment: 'production' } })).status).toBe(403);
    const inside = await create({ subject: 'x', role: 'operator', scope: { workflows: ['support-summary'] } });
    expect(inside.status).toBe(201);
    // An environment-scoped admin cannot widen to all environments either.
    const envAdmin = (await mk('admin', { environment: 'staging' })).token;
    expect((await t.call('POST', '/v1/tokens', { subject: 'y', role: 'viewer' }, envAdmin)).status).toBe(403);
    expect(
      (
        await t.call(
          'POST',
          '/v1/tokens',
          { subject: 'y', role: 'viewer', scope: { environment: 'staging' } },
          envAdmin,
        )
      ).status,
    ).toBe(201);
    // It lists and revokes only tokens within its scope.
    const listed = await t.call('GET', '/v1/tokens', undefined, scopedAdmin);
    expect(listed.body.tokens.map((x: any) => x.scope?.workflows)).toEqual([['support-summary'], ['support-summary']]);
    const boot = (await t.call('GET', '/v1/whoami')).body.tokenId as string;
    expect((await t.call('DELETE', `/v1/tokens/${boot}`, undefined, scopedAdmin)).status).toBe(404);
  });

  it('refuses to revoke the last unscoped admin token, and allows it once another exists', async () => {
    const boot = (await t.call('GET', '/v1/whoami')).body.tokenId as string;
    const refused = await t.call('DELETE', `/v1/tokens/${boot}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/last unscoped admin token/);
    // A scoped admin does not count: it cannot recover other workflows.
    await mk('admin', { workflows: ['support-summary'] });
    expect((await t.call('DELETE', `/v1/tokens/${boot}`)).status).toBe(409);
    const second = await mk('admin');
    expect((await t.call('DELETE', `/v1/tokens/${boot}`)).status).toBe(200);
    expect((await t.call('DELETE', `/v1/tokens/${second.record.id}`, undefined, second.token)).status).toBe(409);
    expect((await t.call('GET', '/v1/whoami', undefined, second.token)).status).toBe(200);
  });

  it('RIPCORD_ADMIN_TOKEN at start re-admits a revoked admin token, audited as recovery', async () => {
    const second = await mk('admin');
    const boot = (await t.call('GET', '/v1/whoami')).body.tokenId as string;
    expect((await t.call('DELETE', `/v1/tokens/${boot}`, undefined, second.token)).status).toBe(200);
    expect((await t.call('GET', '/v1/whoami')).status).toBe(401);
    // What a restart with the same RIPCORD_ADMIN_TOKEN does (server.ts calls bootstrap on start).
    expect(await t.services.tokens.bootstrap(adminToken)).toEqual({ kind: 'readmitted' });
    expect((await t.call('GET', '/v1/whoami')).body).toMatchObject({ tokenId: boot, role: 'admin' });
    const audit = await t.call('GET', '/v1/audit');
    expect(audit.body.entries.at(-1)).toMatchObject({
      actor: 'ripcord',
      action: 'token.readmitted',
      subject: boot,
      details: { recovery: true },
    });
    expect((await t.call('GET', '/v1/audit/verify')).body.ok).toBe(true);
    // A second start with the token live changes nothing.
    expect(await t.services.tokens.bootstrap(adminToken)).toEqual({ kind: 'from-env' });
  });

  it("a workflow-scoped viewer never sees another workflow's audit entries or alerts", async () => {
    const docs = [...exampleDocuments('support-summary'), ...exampleDocuments('ride-pricing')];
    expect((await t.call('POST', '/v1/apply', { documents: docs })).status).toBe(200);
    const fire = (workflow: string) =>
      t.call('POST', '/v1/alerts/webhook', {
        source: 'grafana',
        alerts: [{ name: `Errors-${workflow}`, status: 'firing', labels: { ripcord_workflow: workflow } }],
      });
    expect((await fire('ride-pricing')).status).toBe(200);
    expect((await fire('support-summary')).status).toBe(200);
    const viewer = (await mk('viewer', { workflows: ['support-summary'] })).token;

    const all = (await t.call('GET', '/v1/audit')).body.entries as { subject: string }[];
    expect(all.some((e) => e.subject.startsWith('ride-pricing'))).toBe(true);
    const seen = (await t.call('GET', '/v1/audit', undefined, viewer)).body.entries as { subject: string }[];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.subject.split('/')[0] === 'support-summary')).toBe(true);
    // Token entries belong to no workflow: hidden from a scoped token.
    expect(seen.some((e) => e.subject.startsWith('tok_'))).toBe(false);

    const alerts = (await t.call('GET', '/v1/alerts', undefined, viewer)).body.alerts as { name: string }[];
    expect(alerts.map((a) => a.name)).toEqual(['Errors-support-summary']);
    expect((await t.call('GET', '/v1/alerts')).body.alerts).toHaveLength(2);
  });
});
