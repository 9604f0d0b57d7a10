import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

const base = '/v1/workflows/support-summary/environments/production';

describe('flags, segments and traffic splits', () => {
  let t: TestApp;
  let sdkToken: string;
  beforeEach(async () => {
    t = await createTestApp();
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary') });
    sdkToken = (
      await t.call('POST', '/v1/tokens', {
        subject: 'app',
        role: 'sdk',
        scope: { environment: 'production', workflows: ['support-summary'] },
      })
    ).body.token;
  });
  afterEach(async () => t.close());

  const setProduction = () =>
    t.call('PUT', `${base}/labels/production`, { version: '2026-04-10.1', reason: 'initial' });
  const poll = (headers: Record<string, string> = {}) =>
    t.app.request('/v1/sdk/config?environment=production&workflows=support-summary', {
      headers: { authorization: `Bearer ${sdkToken}`, ...headers },
    });

  it('publishes the production bundle as the control and serves snapshots with ETag and 304', async () => {
    expect((await poll()).status).toBe(404);
    await setProduction();
    const res = await poll();
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    const snapshot = (await res.json()) as any;
    expect(snapshot).toMatchObject({ environment: 'production', revision: 1 });
    expect(snapshot.workflows['support-summary'].bundles.control).toEqual({
      version: '2026-04-10.1',
      flags: expect.objectContaining({
        'ai.action.mode': 'automatic',
        'ai.route.fallback': ['anthropic-prod', 'openai-prod'],
      }),
    });
    expect((await poll({ 'if-none-match': '"1"' })).status).toBe(304);
    await t.call('PUT', `${base}/flags/ai.action.mode`, { value: 'draft-only', reason: 'schema failures' });
    expect((await poll({ 'if-none-match': '"1"' })).status).toBe(200);
  });

  it('records every change as a numbered revision with actor and reason', async () => {
    await setProduction();
    const r = await t.call('PUT', `${base}/flags/ai.tools.enabled`, { value: false, reason: 'unsafe refund calls' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      revision: 2,
      reason: 'unsafe refund calls',
      change: { kind: 'flag.set', key: 'ai.tools.enabled' },
    });
    expect(r.body.config.flags['ai.tools.enabled']).toEqual({
      type: 'boolean',
      variants: { off: false },
      defaultVariant: 'off',
    });
    await t.call('PUT', `${base}/segments/enterprise`, {
      conditions: [{ attribute: 'plan', op: 'eq', value: 'enterprise' }],
      reason: 'seg',
    });
    const scoped = await t.call('PUT', `${base}/flags/ai.action.mode`, {
      value: 'human-review',
      segment: 'enterprise',
      reason: 'safety blocks',
    });
    expect(scoped.body.config.flags['ai.action.mode']).toEqual({
      type: 'string',
      variants: { 'human-review': 'human-review' },
      rules: [{ segment: 'enterprise', variant: 'human-review' }],
    });
    const history = await t.call('GET', `${base}/config/history`);
    expect(history.body.revisions.map((x: any) => [x.revision, x.change.kind, x.actor])).toEqual([
      [4, 'flag.set', 'admin (RIPCORD_ADMIN_TOKEN)'],
      [3, 'segment.set', 'admin (RIPCORD_ADMIN_TOKEN)'],
      [2, 'flag.set', 'admin (RIPCORD_ADMIN_TOKEN)'],
      [1, 'control.changed', 'admin (RIPCORD_ADMIN_TOKEN)'],
    ]);
    expect((await t.call('DELETE', `${base}/segments/enterprise?reason=x`)).status).toBe(409);
    expect(
      (await t.call('DELETE', `${base}/flags/ai.tools.enabled?reason=restore`)).body.config.flags['ai.tools.enabled'],
    ).toBeUndefined();
  });

  it('rejects malformed flag definitions with precise 4xx errors and keeps the last revision', async () => {
    await setProduction();
    const bad = [
      [
        { value: 'yolo', reason: 'x' },
        'ai.action.mode',
        'value.variants.yolo',
        /must be one of automatic, draft-only, queued, human-review/,
      ],
      [{ value: 'yes', reason: 'x' }, 'ai.tools.enabled', 'value.type', /boolean flag, not string/],
      [
        { definition: { type: 'string', variants: { a: 'x' }, defaultVariant: 'b' }, reason: 'x' },
        'custom.flag',
        'flags.custom.flag.defaultVariant',
        /variant/,
      ],
      [
        { definition: { type: 'number', variants: { a: 'x' } }, reason: 'x' },
        'custom.num',
        'flags.custom.num.variants.a',
        /number/,
      ],
      [
        {
          definition: { type: 'string', variants: { a: 'x' }, rules: [{ segment: 'ghosts', variant: 'a' }] },
          reason: 'x',
        },
        'custom.rule',
        'flags.custom.rule.rules[0].segment',
        /segment/,
      ],
      [{ value: 'x' }, 'custom.noreason', 'reason', /./],
    ] as const;
    for (const [body, key, path, message] of bad) {
      const r = await t.call('PUT', `${base}/flags/${key}`, body);
      expect(r.status, key).toBe(400);
      const detail = r.body.error.details.find(
        (d: any) => d.path.replace(/\[(\d+)\]/g, '.$1') === path.replace(/\[(\d+)\]/g, '.$1'),
      );
      expect(detail, `${key}: ${JSON.stringify(r.body.error.details)}`).toBeDefined();
      expect(detail.message).toMatch(message);
    }
    expect((await t.call('GET', `${base}/config`)).body.revision).toBe(1);
  });

  it('splits traffic to a candidate bundle and refuses bad splits', async () => {
    expect(
      (
        await t.call('PUT', `${base}/split`, {
          release: 'sonnet-5-tier',
          candidate: '2026-05-02.1',
          percent: 5,
          reason: 'canary',
        })
      ).status,
    ).toBe(409);
    await setProduction();
    expect(
      (
        await t.call('PUT', `${base}/split`, {
          release: 'sonnet-5-tier',
          candidate: '2026-04-10.1',
          percent: 5,
          reason: 'x',
        })
      ).body.error.message,
    ).toMatch(/is the control/);
    expect(
      (
        await t.call('PUT', `${base}/split`, {
          release: 'sonnet-5-tier',
          candidate: '2026-05-02.1',
          percent: 5.001,
          reason: 'x',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.call('PUT', `${base}/split`, {
          release: 'sonnet-5-tier',
          candidate: '2026-05-02.1',
          percent: 5,
          eligibleSegment: 'staff',
          reason: 'x',
        })
      ).status,
    ).toBe(400);
    const ok = await t.call('PUT', `${base}/split`, {
      release: 'sonnet-5-tier',
      candidate: '2026-05-02.1',
      percent: 5,
      reason: 'canary 5%',
    });
    expect(ok.body.config.split).toEqual({ release: 'sonnet-5-tier', percent: 5 });
    expect(ok.body.config.bundles.candidate.version).toBe('2026-05-02.1');
    const cleared = await t.call('DELETE', `${base}/split?reason=rollback`);
    expect(cleared.body.config.split).toBeUndefined();
    expect(cleared.body.config.bundles.candidate).toBeUndefined();
  });

  it('keeps SDK tokens inside their environment and workflows', async () => {
    await setProduction();
    const other = await t.app.request('/v1/sdk/config?environment=staging', {
      headers: { authorization: `Bearer ${sdkToken}` },
    });
    expect(other.status).toBe(403);
    const outside = await t.app.request('/v1/sdk/config?environment=production&workflows=ride-pricing', {
      headers: { authorization: `Bearer ${sdkToken}` },
    });
    expect(outside.status).toBe(403);
    expect((await t.call('PUT', `${base}/flags/x.y`, { value: 1, reason: 'x' }, sdkToken)).status).toBe(403);
  });

  it('streams a snapshot on connect and each new revision after it', async () => {
    await setProduction();
    const res = await t.app.request('/v1/sdk/stream?environment=production', {
      headers: { authorization: `Bearer ${sdkToken}` },
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}`);
        text += decoder.decode(value);
      }
    };
    await readUntil(/event: snapshot\nid: 1\ndata: .*\n\n/);
    await t.call('PUT', `${base}/flags/ai.action.mode`, { value: 'draft-only', reason: 'x' });
    await readUntil(/event: revision\nid: 2\ndata: (.*)\n\n/);
    const data = JSON.parse(/event: revision\nid: 2\ndata: (.*)\n\n/.exec(text)![1]!);
    expect(data.workflows['support-summary'].flags['ai.action.mode'].defaultVariant).toBe('draft-only');
    await reader.cancel();
    expect(t.services.hub.size).toBe(0);
  });
});
