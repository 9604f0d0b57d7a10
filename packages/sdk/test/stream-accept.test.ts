/**
 * The streaming accept path end to end over a real socket: messages split into arbitrary chunks
 * (inside multi-byte characters, between CR and LF), corrupt messages that must never replace
 * the last good snapshot, and the shape of change events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type ChangeEvent, type ClientErrorEvent, type RipcordClient } from '../src/index.js';
import { FakeServer } from './helpers/fake-server.js';
import { makeSnapshot } from './helpers/snapshots.js';
import { nextEvent, waitFor } from './helpers/wait.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setUp(): Promise<{ s: FakeServer; c: RipcordClient; errors: ClientErrorEvent[] }> {
  const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
  cleanup.push(() => s.stop());
  const c = createClient({
    server: s.url,
    token: 'sdk-token',
    environment: 'production',
    workflows: ['support-summary'],
    reconnectBaseMs: 5,
    reconnectMaxMs: 40,
    pollIntervalMs: 20,
    connectTimeoutMs: 2000,
    readyTimeoutMs: 4000,
    random: () => 0.5,
  });
  cleanup.push(async () => void (await c.close()));
  const errors: ClientErrorEvent[] = [];
  c.on('error', (e) => errors.push(e));
  await c.ready();
  return { s, c, errors };
}

const provider = (c: RipcordClient): unknown =>
  c.flag('support-summary', 'ai.route.provider', 'default', { key: 'user-1' });

/** Writes `bytes` to every open stream in pieces cut at `cuts`, letting each piece reach the client alone. */
async function sendInPieces(s: FakeServer, bytes: Buffer, cuts: number[]): Promise<void> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const res of s.streams) res.write(bytes.subarray(from, cut));
    from = cut;
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('streaming accept path', () => {
  it('applies a message that arrives in pieces cut inside multi-byte characters and between CR and LF', async () => {
    const { s, c } = await setUp();
    const name = 'prov-é-€-😀';
    const body = JSON.stringify(makeSnapshot(2, { provider: name }));
    const bytes = Buffer.from(`: ping\r\n\r\nevent: revision\r\nid: 2\r\ndata: ${body}\r\n\r\n`);
    const emoji = bytes.indexOf(Buffer.from('😀'));
    const crlf = bytes.lastIndexOf(Buffer.from('\r\n\r\n'));
    await sendInPieces(s, bytes, [3, emoji + 1, emoji + 3, crlf + 1, crlf + 3]);
    await waitFor(() => c.revision === 2, 'revision 2');
    expect(provider(c)).toBe(name);
  });

  it('never applies a corrupt message, however it is split, and keeps the connection', async () => {
    const { s, c, errors } = await setUp();
    const good = JSON.stringify(makeSnapshot(2, { provider: 'bad' }));
    const corrupt = Buffer.from(`event: revision\nid: 2\ndata: ${good.slice(0, -2)}\n\n`);
    await sendInPieces(s, corrupt, [5, 20, 40, corrupt.length - 1]);
    const foreign = Buffer.from(
      `event: revision\nid: 3\ndata: ${JSON.stringify(makeSnapshot(3, { environment: 'staging', provider: 'bad' }))}\n\n`,
    );
    await sendInPieces(s, foreign, [foreign.length - 1]);
    await waitFor(() => errors.filter((e) => e.code === 'INVALID_SNAPSHOT').length === 2, '2 rejections');
    expect(c.revision).toBe(1);
    expect(provider(c)).toBe('anthropic-prod');
    const next = Buffer.from(
      `event: revision\nid: 4\ndata: ${JSON.stringify(makeSnapshot(4, { provider: 'ok' }))}\n\n`,
    );
    await sendInPieces(s, next, [1, 2, 3]);
    await waitFor(() => c.revision === 4, 'revision 4');
    expect(provider(c)).toBe('ok');
    expect(s.streamConnects).toHaveLength(1);
  });

  it('emits change events with an own, enumerable, lazily computed `workflows`', async () => {
    const { s, c } = await setUp();
    const change = nextEvent(c, 'change');
    s.publish(makeSnapshot(2, { provider: 'openai-prod' }));
    const e: ChangeEvent = await change;
    expect(Object.keys(e)).toEqual(['revision', 'previousRevision', 'source', 'workflows']);
    expect(Reflect.ownKeys(e)).toEqual(['revision', 'previousRevision', 'source', 'workflows']);
    const descriptor = Object.getOwnPropertyDescriptor(e, 'workflows');
    expect(descriptor).toMatchObject({ enumerable: true, configurable: true });
    expect(typeof descriptor?.get).toBe('function');
    const workflows = [{ workflow: 'support-summary', revision: 2, flagsChanged: ['ai.route.provider'] }];
    expect(e.workflows).toEqual(workflows);
    expect(e.workflows).toBe(e.workflows); // computed once
    expect({ ...e }).toEqual({ revision: 2, previousRevision: 1, source: 'server', workflows });
    expect(JSON.parse(JSON.stringify(e))).toEqual({ revision: 2, previousRevision: 1, source: 'server', workflows });
  });
});
