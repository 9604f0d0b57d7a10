import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createClient,
  RipcordReadyError,
  type ClientErrorEvent,
  type ClientOptions,
  type RipcordClient,
} from '../src/index.js';
import { FakeServer } from './helpers/fake-server.js';
import { makeSnapshot } from './helpers/snapshots.js';
import { nextEvent, waitFor } from './helpers/wait.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(...args: Parameters<typeof FakeServer.start>): Promise<FakeServer> {
  const s = await FakeServer.start(...args);
  cleanup.push(() => s.stop());
  return s;
}

function client(s: FakeServer | string, extra: Partial<ClientOptions> = {}): RipcordClient {
  const c = createClient({
    server: typeof s === 'string' ? s : s.url,
    token: 'sdk-token',
    environment: 'production',
    workflows: ['support-summary'],
    reconnectBaseMs: 5,
    reconnectMaxMs: 40,
    pollIntervalMs: 20,
    connectTimeoutMs: 2000,
    readyTimeoutMs: 4000,
    cacheFallbackMs: 50,
    random: () => 0.5,
    ...extra,
  });
  cleanup.push(async () => void (await c.close()));
  return c;
}

const provider = (c: RipcordClient): unknown =>
  c.flag('support-summary', 'ai.route.provider', 'default', { key: 'user-1' });

function errors(c: RipcordClient): ClientErrorEvent[] {
  const list: ClientErrorEvent[] = [];
  c.on('error', (e) => list.push(e));
  return list;
}

describe('streaming sync', () => {
  it('loads the snapshot on connect and applies each revision, reporting what changed', async () => {
    const s = await server({ snapshot: makeSnapshot(1) });
    const c = client(s);
    await c.ready();
    expect(c.status).toBe('ready');
    expect(provider(c)).toBe('anthropic-prod');
    expect(s.streamConnects[0]?.query.get('workflows')).toBe('support-summary');
    expect(s.streamConnects[0]?.query.get('environment')).toBe('production');
    const change = nextEvent(c, 'change');
    s.publish(makeSnapshot(2, { provider: 'openai-prod' }));
    const e = await change;
    expect(e).toMatchObject({ revision: 2, previousRevision: 1, source: 'server' });
    expect(e.workflows).toEqual([{ workflow: 'support-summary', revision: 2, flagsChanged: ['ai.route.provider'] }]);
    expect(provider(c)).toBe('openai-prod');
  });

  it('never replaces the last good snapshot with a truncated, corrupt or foreign message', async () => {
    const s = await server({ snapshot: makeSnapshot(1) });
    const c = client(s);
    await c.ready();
    const errs = errors(c);
    const good = JSON.stringify(makeSnapshot(2, { provider: 'bad' }));
    s.sendRaw(`event: revision\nid: 2\ndata: ${good.slice(0, good.length / 2)}\n\n`); // truncated JSON
    const invalid = { ...makeSnapshot(3, { provider: 'bad' }), workflows: { 'support-summary': { revision: 3 } } };
    s.sendRaw(`event: revision\nid: 3\ndata: ${JSON.stringify(invalid)}\n\n`); // structurally invalid
    s.sendRaw(
      `event: revision\nid: 4\ndata: ${JSON.stringify(makeSnapshot(4, { environment: 'staging', provider: 'bad' }))}\n\n`,
    );
    await waitFor(() => errs.filter((e) => e.code === 'INVALID_SNAPSHOT').length === 3, '3 rejections');
    expect(c.revision).toBe(1);
    expect(provider(c)).toBe('anthropic-prod');
    expect(c.lastSnapshotRejected).toBe(true);
    // The connection survives: the next good revision applies.
    s.publish(makeSnapshot(5, { provider: 'openai-prod' }));
    await waitFor(() => c.revision === 5, 'revision 5');
    expect(provider(c)).toBe('openai-prod');
    expect(s.streamConnects).toHaveLength(1);
  });

  it('drops a message cut off by a dying connection, then catches up on reconnect', async () => {
    const s = await server({ snapshot: makeSnapshot(1) });
    const c = client(s);
    await c.ready();
    const applied: number[] = [];
    c.on('change', (e) => applied.push(e.revision));
    const text = `event: revision\nid: 2\ndata: ${JSON.stringify(makeSnapshot(2, { provider: 'half' }))}\n\n`;
    s.sendRaw(text.slice(0, text.length - 1)); // everything but the blank line that ends the message
    s.snapshot = makeSnapshot(3, { provider: 'openai-prod' });
    s.dropStreams();
    await waitFor(() => c.revision === 3, 'catch-up to revision 3');
    expect(applied).toEqual([3]);
    expect(provider(c)).toBe('openai-prod');
    // The stream comes back and resumes from what the client holds.
    await waitFor(() => s.streamConnects.length >= 2, 'a reconnect');
    expect(s.streamConnects[1]?.lastEventId).toBe('3');
  });

  it('ignores a revision event older than the one it holds', async () => {
    const s = await server({ snapshot: makeSnapshot(5) });
    const c = client(s);
    await c.ready();
    s.publish(makeSnapshot(4, { provider: 'older' }));
    s.publish(makeSnapshot(6, { provider: 'newer' }));
    await waitFor(() => c.revision === 6, 'revision 6');
    expect(provider(c)).toBe('newer');
  });

  it('keeps serving when the server dies, then catches up when it returns', async () => {
    const s = await server({ snapshot: makeSnapshot(1) });
    const c = client(s);
    await c.ready();
    const stale = nextEvent(c, 'status', (e) => e.status === 'stale');
    await s.stop();
    await stale;
    expect(provider(c)).toBe('anthropic-prod');
    expect(c.route('support-summary', { key: 'user-1' }).bundleVersion).toBeDefined();
    s.snapshot = makeSnapshot(7, { provider: 'after-restart' });
    const ready = nextEvent(c, 'status', (e) => e.status === 'ready');
    await s.listen();
    await ready;
    await waitFor(() => c.revision === 7, 'revision 7');
    expect(provider(c)).toBe('after-restart');
  });

  it('reconnects when a connection goes silent past the heartbeat timeout', async () => {
    const s = await server({ snapshot: makeSnapshot(1) });
    const c = client(s, { heartbeatTimeoutMs: 100 });
    await c.ready();
    await waitFor(() => s.streamConnects.length >= 2, 'a reconnect after the idle timeout');
    expect(s.streamConnects[1]?.lastEventId).toBe('1');
  });
});

describe('hot path guarantees', () => {
  it('route() and flag() never throw and emit each evaluation error once per snapshot', async () => {
    const s = await server({ snapshot: makeSnapshot(1) });
    const c = client(s);
    await c.ready();
    const errs = errors(c);
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(c.route('support-summary', hostile, { 'ai.tools.enabled': false })).toMatchObject({
      reason: 'ERROR',
      flags: { 'ai.tools.enabled': false },
    });
    expect(c.flag('support-summary', 'ai.route.provider', 'dflt', hostile)).toBe('dflt');
    for (let i = 0; i < 3; i++) {
      expect(c.flag('support-summary', 'ai.tools.enabled', 'not-a-boolean')).toBe('not-a-boolean');
      expect(c.route('nope', { key: 'k' }).reason).toBe('WORKFLOW_NOT_FOUND');
      expect(c.route('support-summary', { key: 'k' }, { 'ai.tools.enabled': 'on' }).typeMismatches).toEqual([
        'ai.tools.enabled',
      ]);
    }
    await new Promise((r) => setImmediate(r)); // error events are delivered from microtasks
    expect(errs.map((e) => `${e.code}:${e.flag ?? ''}`).sort()).toEqual([
      'EVALUATION_ERROR:',
      'EVALUATION_ERROR:ai.route.provider',
      'TYPE_MISMATCH:ai.tools.enabled',
      'WORKFLOW_NOT_FOUND:',
    ]);
  });
});

describe('polling fallback', () => {
  it('polls with ETag when the stream is blocked, and applies new revisions', async () => {
    const s = await server({ snapshot: makeSnapshot(1), streamMode: 'blocked' });
    const c = client(s);
    await c.ready();
    expect(provider(c)).toBe('anthropic-prod');
    await waitFor(() => s.polls.some((p) => p.ifNoneMatch === '"1"' && p.status === 304), 'a 304 poll');
    s.snapshot = makeSnapshot(2, { provider: 'polled' });
    await waitFor(() => c.revision === 2, 'revision 2 by polling');
    expect(provider(c)).toBe('polled');
    expect(c.status).toBe('ready');
  });

  it('polls only, when streaming is disabled', async () => {
    const s = await server({ snapshot: makeSnapshot(3) });
    const c = client(s, { streaming: false });
    await c.ready();
    expect(c.revision).toBe(3);
    expect(s.streamConnects).toHaveLength(0);
  });

  it('treats a stream that never sends anything as failed and falls back to polling', async () => {
    const s = await server({ snapshot: makeSnapshot(2), streamMode: 'silent' });
    const c = client(s, { connectTimeoutMs: 100 });
    await c.ready();
    expect(c.revision).toBe(2);
  });
});

describe('cache file (fail-static boot)', () => {
  it('persists each snapshot atomically and boots from it when the server is down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ripcord-sdk-'));
    const cacheFile = join(dir, 'snapshot.json');
    const s = await server({ snapshot: makeSnapshot(4, { provider: 'cached-provider' }) });
    const first = client(s, { cacheFile });
    await first.ready();
    await first.close();
    const saved = JSON.parse(readFileSync(cacheFile, 'utf8')) as { format: number; snapshot: { revision: number } };
    expect(saved.format).toBe(1);
    expect(saved.snapshot.revision).toBe(4);
    const port = s.port;
    await s.stop();

    const fresh = client(`http://127.0.0.1:${port}`, { cacheFile });
    await fresh.ready();
    expect(fresh.servingCache).toBe(true);
    expect(fresh.status).toBe('stale');
    expect(provider(fresh)).toBe('cached-provider');

    s.snapshot = makeSnapshot(5, { provider: 'live' });
    await s.listen();
    await waitFor(() => fresh.revision === 5, 'catch-up after restart');
    expect(fresh.servingCache).toBe(false);
    expect(provider(fresh)).toBe('live');
  });

  it('ignores a corrupt cache file and reports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ripcord-sdk-'));
    const cacheFile = join(dir, 'snapshot.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(cacheFile, '{"format":1,"snapshot":{"revision":');
    const c = client('http://127.0.0.1:9', { cacheFile, readyTimeoutMs: 300 });
    const errs = errors(c);
    await expect(c.ready()).rejects.toMatchObject({ code: 'READY_TIMEOUT' });
    expect(errs.some((e) => e.code === 'CACHE_READ_ERROR')).toBe(true);
    expect(c.route('support-summary', { key: 'u' }, { 'ai.tools.enabled': false }).reason).toBe('NOT_READY');
  });
});

describe('readiness', () => {
  it('rejects ready() with UNAUTHORIZED for a refused token', async () => {
    const s = await server({ snapshot: makeSnapshot(1) });
    const c = client(s, { token: 'wrong' });
    const err = await c.ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RipcordReadyError);
    expect(err).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('serves caller defaults with a reason, emitting the error once, until a snapshot arrives', async () => {
    const c = client('http://127.0.0.1:9', {
      readyTimeoutMs: 200,
      defaults: { 'support-summary': { 'ai.tools.enabled': false } },
    });
    const errs = errors(c);
    const d = c.route('support-summary', { key: 'u' });
    expect(d).toMatchObject({ reason: 'NOT_READY', arm: 'control', flags: { 'ai.tools.enabled': false } });
    c.route('support-summary', { key: 'v' });
    expect(c.flag('support-summary', 'ai.tools.enabled', true)).toBe(true);
    await expect(c.ready()).rejects.toMatchObject({ code: 'READY_TIMEOUT' });
    expect(errs.filter((e) => e.code === 'NOT_READY' && e.flag === undefined)).toHaveLength(1);
  });

  it('rejects invalid options at creation', () => {
    expect(() => createClient({ server: 'ftp://x', token: 't', environment: 'e', workflows: ['w'] })).toThrow(/server/);
    expect(() => createClient({ server: 'http://x', token: '', environment: 'e', workflows: ['w'] })).toThrow(/token/);
    expect(() => createClient({ server: 'http://x', token: 't', environment: 'e', workflows: [] })).toThrow(
      /workflows/,
    );
    expect(() =>
      createClient({ server: 'http://x', token: 't', environment: 'e', workflows: ['w'], pollIntervalMs: -1 }),
    ).toThrow(/pollIntervalMs/);
  });
});
