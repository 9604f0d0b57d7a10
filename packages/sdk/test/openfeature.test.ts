import {
  ErrorCode,
  OpenFeature,
  ProviderEvents,
  StandardResolutionReasons,
  type EventDetails,
} from '@openfeature/server-sdk';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RipcordProvider } from '../src/openfeature/index.js';
import { FakeServer } from './helpers/fake-server.js';
import { makeSnapshot } from './helpers/snapshots.js';
import { waitFor } from './helpers/wait.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
afterAll(() => OpenFeature.close());

let domains = 0;

async function setup(options: { workflow?: string; ripcordMetadata?: boolean } = {}) {
  const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
  cleanup.push(() => s.stop());
  const provider = new RipcordProvider({
    clientOptions: {
      server: s.url,
      token: 'sdk-token',
      environment: 'production',
      workflows: ['support-summary'],
      reconnectBaseMs: 5,
      reconnectMaxMs: 40,
      pollIntervalMs: 20,
      random: () => 0.5,
      report: { flushIntervalMs: 60_000 },
    },
    ...options,
  });
  const domain = `ripcord-test-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  cleanup.push(() => OpenFeature.clearProviders());
  return { s, provider, of: OpenFeature.getClient(domain) };
}

const enterprise = { targetingKey: 'user-1', plan: 'enterprise' };
const actionMode = makeSnapshot(2, {
  actionModeDefinition: {
    type: 'string',
    variants: { auto: 'automatic', review: 'human-review' },
    rules: [{ segment: 'enterprise', variant: 'review' }],
  },
});

describe('OpenFeature provider', () => {
  it('resolves all four types with STATIC/SPLIT reasons, variants and (opt-in) ripcord metadata', async () => {
    const { of, s, provider } = await setup({ ripcordMetadata: true });
    s.publish(makeSnapshot(2, { percent: 0 }));
    await waitFor(() => provider.client.revision === 2, 'revision 2');
    const str = await of.getStringDetails('support-summary/ai.route.provider', 'x', { targetingKey: 'user-1' });
    expect(str).toMatchObject({ value: 'anthropic-prod', reason: 'SPLIT', variant: 'bundle:2026-04-10.1' });
    expect(str.flagMetadata).toStrictEqual({
      'ripcord.workflow': 'support-summary',
      'ripcord.revision': 2,
      'ripcord.reason': 'SPLIT',
      'ripcord.arm': 'control',
    });
    const bool = await of.getBooleanDetails('support-summary/ai.tools.enabled', false, {});
    expect(bool).toMatchObject({ value: true, reason: StandardResolutionReasons.STATIC });
    const num = await of.getNumberDetails('support-summary/ai.rollout.percent', -1, { targetingKey: 'user-1' });
    expect(num).toMatchObject({ value: 0, reason: 'STATIC', variant: 'split' });
    const obj = await of.getObjectDetails('support-summary/missing', { a: 1 });
    expect(obj).toMatchObject({ value: { a: 1 }, reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
  });

  it('reports TARGETING_MATCH and DEFAULT for flag definitions, with only their own metadata', async () => {
    const { of, s, provider } = await setup({ workflow: 'support-summary' });
    s.publish({
      ...actionMode,
      workflows: {
        'support-summary': {
          ...actionMode.workflows['support-summary']!,
          flags: {
            'ai.action.mode': {
              type: 'string',
              variants: { auto: 'automatic', review: 'human-review' },
              defaultVariant: 'auto',
              rules: [{ segment: 'enterprise', variant: 'review' }],
              metadata: { owner: 'support-platform', ticket: 42 },
            },
          },
        },
      },
    });
    await waitFor(() => provider.client.revision === 2, 'revision 2');
    expect(await of.getStringDetails('ai.action.mode', 'x', enterprise)).toMatchObject({
      value: 'human-review',
      reason: 'TARGETING_MATCH',
      variant: 'review',
    });
    const other = await of.getStringDetails('ai.action.mode', 'x', { targetingKey: 'u', plan: 'pro' });
    expect(other).toMatchObject({ value: 'automatic', reason: 'DEFAULT', variant: 'auto' });
    expect(other.flagMetadata).toStrictEqual({ owner: 'support-platform', ticket: 42 });
    // A bundle value has no definition, so no metadata (ripcord's own facts are opt-in).
    expect((await of.getStringDetails('ai.route.provider', 'x', {})).flagMetadata).toStrictEqual({});
  });

  it('takes the workflow from the key, the context, or the provider option', async () => {
    const { of } = await setup();
    expect(await of.getStringValue('ai.route.provider', 'x', { workflow: 'support-summary' })).toBe('anthropic-prod');
    const missing = await of.getStringDetails('ai.route.provider', 'x', {});
    expect(missing).toMatchObject({ value: 'x', reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
    expect(missing.errorMessage).toContain('no workflow');
    const unknown = await of.getStringDetails('nope/ai.route.provider', 'x', {});
    expect(unknown).toMatchObject({ value: 'x', errorCode: ErrorCode.FLAG_NOT_FOUND });
  });

  it('returns TYPE_MISMATCH with the default for a value of another type', async () => {
    const { of } = await setup();
    const r = await of.getNumberDetails('support-summary/ai.route.provider', 7);
    expect(r).toMatchObject({ value: 7, reason: 'ERROR', errorCode: ErrorCode.TYPE_MISMATCH });
  });

  it('emits PROVIDER_CONFIGURATION_CHANGED with flagsChanged on each revision', async () => {
    const { of, s } = await setup();
    const seen: Array<EventDetails<ProviderEvents.ConfigurationChanged>> = [];
    of.addHandler(ProviderEvents.ConfigurationChanged, (e) => {
      if (e !== undefined) seen.push(e);
    });
    s.publish(makeSnapshot(2, { toolsEnabled: false }));
    await waitFor(() => seen.length === 1, 'a configuration change');
    expect(seen[0]?.flagsChanged).toEqual(['support-summary/ai.tools.enabled']);
    s.publish({ ...actionMode, revision: 3 });
    await waitFor(() => seen.length === 2, 'a second change');
    expect(seen[1]?.flagsChanged).toEqual(['support-summary/ai.action.mode', 'support-summary/ai.tools.enabled']);
  });

  it('emits PROVIDER_STALE when the stream is lost, reports STALE, and READY once back', async () => {
    const { of, s } = await setup({ ripcordMetadata: true });
    let stale = 0;
    let ready = 0;
    of.addHandler(ProviderEvents.Stale, () => void stale++);
    of.addHandler(ProviderEvents.Ready, () => void ready++);
    await s.stop();
    await waitFor(() => stale === 1, 'PROVIDER_STALE');
    const r = await of.getStringDetails('support-summary/ai.route.provider', 'x', { targetingKey: 'user-1' });
    expect(r).toMatchObject({ value: 'anthropic-prod', reason: StandardResolutionReasons.STALE });
    expect(r.flagMetadata['ripcord.reason']).toBe('SPLIT');
    const readyBefore = ready;
    await s.listen();
    await waitFor(() => ready > readyBefore, 'PROVIDER_READY after reconnect');
    expect(
      (await of.getStringDetails('support-summary/ai.route.provider', 'x', { targetingKey: 'user-1' })).reason,
    ).toBe('SPLIT');
  });

  it('forwards track() to report(), attributing outcomes to the serving arm', async () => {
    const { of, s, provider } = await setup();
    of.track(
      'outcome',
      { targetingKey: 'user-1', workflow: 'support-summary', plan: 'enterprise' },
      { requestId: 'r-1', latencyMs: 42, value: 1 },
    );
    of.track('review', { workflow: 'support-summary' }, { requestId: 'r-1', verdict: 'rejected' });
    of.track('clicked', { workflow: 'support-summary' }, {});
    await provider.client.flush();
    const decision = provider.client.route('support-summary', { key: 'user-1', plan: 'enterprise' });
    expect(s.events).toHaveLength(2);
    expect(s.events[0]).toMatchObject({
      type: 'outcome',
      workflow: 'support-summary',
      requestId: 'r-1',
      latencyMs: 42,
      arm: decision.arm,
      release: 'sonnet-5-tier',
      key: 'user-1',
      segments: ['enterprise'],
    });
    expect(s.events[0]).not.toHaveProperty('value');
    expect(s.events[1]).toMatchObject({ type: 'review', requestId: 'r-1', verdict: 'rejected' });
  });
});
