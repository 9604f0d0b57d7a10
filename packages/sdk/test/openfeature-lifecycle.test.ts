/**
 * The provider's OpenFeature status and its never-throwing resolvers: FATAL for a token refused at
 * boot, STALE while serving an unconfirmed cache-file snapshot (then READY once the server answers),
 * GENERAL (not an exception) for a null context or one whose getter throws.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode, OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RipcordProvider } from '../src/openfeature/index.js';
import type { ClientOptions } from '../src/index.js';
import { writeCacheFile } from '../src/sync/cache-file.js';
import { FakeServer } from './helpers/fake-server.js';
import { makeSnapshot } from './helpers/snapshots.js';
import { waitFor } from './helpers/wait.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
afterAll(() => OpenFeature.close());

let domains = 0;
const fast = { reconnectBaseMs: 5, reconnectMaxMs: 40, pollIntervalMs: 20, random: () => 0.5 };

function options(url: string, extra: Partial<ClientOptions> = {}): ClientOptions {
  return {
    server: url,
    token: 'sdk-token',
    environment: 'production',
    workflows: ['support-summary'],
    ...fast,
    ...extra,
  };
}

async function domainFor(provider: RipcordProvider, wait: boolean): Promise<string> {
  const domain = `lifecycle-${++domains}`;
  cleanup.push(() => OpenFeature.clearProviders());
  if (wait) await OpenFeature.setProviderAndWait(domain, provider).catch(() => undefined);
  else OpenFeature.setProvider(domain, provider);
  return domain;
}

describe('OpenFeature provider status', () => {
  it('is FATAL when the server refuses the token at boot, and evaluations answer PROVIDER_FATAL', async () => {
    const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
    cleanup.push(() => s.stop());
    const provider = new RipcordProvider({ clientOptions: options(s.url, { token: 'wrong-token' }) });
    const domain = await domainFor(provider, true);
    const of = OpenFeature.getClient(domain);
    expect(of.providerStatus).toBe(ProviderStatus.FATAL);
    const r = await of.getStringDetails('support-summary/ai.route.provider', 'fallback');
    expect(r).toMatchObject({ value: 'fallback', reason: 'ERROR', errorCode: ErrorCode.PROVIDER_FATAL });
  });

  it('is STALE after booting from the cache file until the server confirms the snapshot, then READY', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-of-cache-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const cacheFile = path.join(dir, 'snapshot.json');
    await writeCacheFile(cacheFile, makeSnapshot(1), new Date());
    // The server is down at boot: its port is free until the test starts it.
    const s = await FakeServer.start({ snapshot: makeSnapshot(2) });
    const port = s.port;
    await s.stop();
    cleanup.push(() => s.stop());
    const provider = new RipcordProvider({
      clientOptions: options(`http://127.0.0.1:${port}`, { cacheFile, cacheFallbackMs: 50 }),
    });
    const domain = await domainFor(provider, true);
    const of = OpenFeature.getClient(domain);
    await waitFor(() => of.providerStatus === ProviderStatus.STALE, 'STALE after the cache boot');
    const cached = await of.getStringDetails('support-summary/ai.route.provider', 'x', { targetingKey: 'user-1' });
    expect(cached).toMatchObject({ value: 'anthropic-prod', reason: 'CACHED' });
    let ready = 0;
    of.addHandler(ProviderEvents.Ready, () => void ready++);
    await s.listen();
    await waitFor(() => of.providerStatus === ProviderStatus.READY, 'READY once the server confirms');
    expect(provider.client.revision).toBe(2);
    expect(ready).toBeGreaterThan(0);
  });

  it('is ERROR, still serving its snapshot, when the token is refused after boot, and READY once accepted again', async () => {
    const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
    const port = s.port;
    const provider = new RipcordProvider({ clientOptions: options(s.url) });
    const of = OpenFeature.getClient(await domainFor(provider, true));
    expect(of.providerStatus).toBe(ProviderStatus.READY);
    await s.stop();
    const refusing = await FakeServer.start({ snapshot: makeSnapshot(2), port, token: 'another-token' });
    cleanup.push(() => refusing.stop());
    await waitFor(() => of.providerStatus === ProviderStatus.ERROR, 'ERROR after a 401');
    const r = await of.getStringDetails('support-summary/ai.route.provider', 'x', { targetingKey: 'user-1' });
    expect(r).toMatchObject({ value: 'anthropic-prod', reason: 'STALE' });
    await refusing.stop();
    const accepting = await FakeServer.start({ snapshot: makeSnapshot(2), port });
    cleanup.push(() => accepting.stop());
    await waitFor(() => of.providerStatus === ProviderStatus.READY, 'READY once the token is accepted');
  });

  it('is NOT_READY while the first snapshot is pending (evaluations answer PROVIDER_NOT_READY)', async () => {
    const s = await FakeServer.start({ snapshot: makeSnapshot(1), streamMode: 'silent' });
    cleanup.push(() => s.stop());
    s.snapshot = undefined;
    const provider = new RipcordProvider({ clientOptions: options(s.url, { readyTimeoutMs: 60_000 }) });
    cleanup.push(() => provider.onClose());
    const of = OpenFeature.getClient(await domainFor(provider, false));
    expect(of.providerStatus).toBe(ProviderStatus.NOT_READY);
    const r = await of.getBooleanDetails('support-summary/ai.tools.enabled', false);
    expect(r).toMatchObject({ value: false, reason: 'ERROR', errorCode: ErrorCode.PROVIDER_NOT_READY });
  });
});

describe('OpenFeature provider never throws', () => {
  it('treats a null context as empty and answers GENERAL for a throwing getter', async () => {
    const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
    cleanup.push(() => s.stop());
    const provider = new RipcordProvider({ clientOptions: options(s.url), workflow: 'support-summary' });
    const of = OpenFeature.getClient(await domainFor(provider, true));
    const hostile = {
      get targetingKey(): string {
        throw new Error('getter');
      },
    };
    // The OpenFeature types forbid null; an application's JavaScript can still pass it.
    for (const context of [null, undefined]) {
      const r = await provider.resolveStringEvaluation('ai.route.provider', 'dflt', context as never);
      expect(r).toMatchObject({ value: 'anthropic-prod', reason: 'STATIC' });
    }
    const r = await provider.resolveStringEvaluation('ai.route.provider', 'dflt', hostile);
    expect(r).toMatchObject({ value: 'dflt', reason: 'ERROR', errorCode: ErrorCode.GENERAL });
    for (const context of [null, undefined, hostile]) {
      expect(() => provider.track('outcome', context as never, null as never)).not.toThrow();
    }
    // Through the SDK a null context is fine (the SDK's own context merge would throw on the getter).
    expect(await of.getStringValue('ai.route.provider', 'dflt', null as never)).toBe('anthropic-prod');
  });
});
