/**
 * Shared causes end to end on the real server (issue 13 part 1): the SDK routes requests and
 * reports their outcomes over HTTP, ingest feeds the gates, the release machine's tick decides and
 * records. When the provider both arms share degrades, an absolute gate's breach is `investigate`
 * naming the shared cause and offering the workflow's fallback route for both arms, the release
 * does not advance, and how long the cause has lasted survives a stage change; a candidate that is
 * worse than control is still rolled back.
 */
import { createClient, decisionFields, type RipcordClient } from '@ripcord/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleDocuments } from './helpers.js';
import { startRealServer, type RealServer } from './real-server.js';

let server: RealServer;
let client: RipcordClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.stop();
});

/** A release of support-summary with one absolute error-rate gate, two canary stages and promotion. */
function release(severity: 'immediate' | 'rapid', automatic: string[] = ['level1', 'flags']) {
  return {
    kind: 'Release',
    workflow: 'support-summary',
    environment: 'production',
    name: 'shared-route',
    control: '2026-04-10.1',
    candidate: '2026-05-02.1',
    plan: [{ canary: { percent: 50, bake: '1ms' } }, { canary: { percent: 60, bake: '1ms' } }, { promote: {} }],
    gates: [
      {
        name: 'error-spike',
        metric: 'error_rate',
        candidate: { above: '5%' },
        severity,
        test: 'literal',
        within: 'release',
      },
    ],
    firstRollback: { restore: ['modelRoute'] },
    automatic,
    evidence: ['traceIds'],
    authority: { flipFlags: 'engineering', reduceAutomation: 'incidentCommander' },
  };
}

async function started(severity: 'immediate' | 'rapid', automatic?: string[]): Promise<string> {
  server = await startRealServer();
  const documents = [...exampleDocuments('support-summary'), release(severity, automatic)];
  const applied = await server.call('POST', '/v1/apply', { documents });
  expect(applied.status).toBe(200);
  const id = (await server.call('GET', '/v1/releases?workflow=support-summary')).body.releases.find(
    (r: { name: string }) => r.name === 'shared-route',
  ).id as string;
  expect((await server.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
  client = createClient({
    server: server.url,
    token: await server.token(),
    environment: 'production',
    workflows: ['support-summary'],
    streaming: false,
  });
  await client.ready();
  return id;
}

/** `n` requests routed by the SDK; each arm errors (a provider timeout) at its own rate. */
async function serve(n: number, errorRate: { control: number; candidate: number }, from = 0): Promise<void> {
  const seen = { control: 0, candidate: 0 };
  for (let i = from; i < from + n; i++) {
    const d = client!.route('support-summary', { key: `user-${i}` });
    const k = (seen[d.arm] += 1);
    const errored = k % 100 < errorRate[d.arm] * 100;
    client!.report({
      type: 'outcome',
      workflow: 'support-summary',
      requestId: `req-${i}`,
      ...decisionFields(d),
      latencyMs: 500,
      ...(errored ? { error: true, errorKind: 'timeout' as const } : { error: false }),
    });
  }
  await client!.flush();
  expect(seen.control).toBeGreaterThan(100);
  expect(seen.candidate).toBeGreaterThan(100);
}

const decisions = async (id: string) => (await server.call('GET', `/v1/releases/${id}`)).body.decisions as any[];

describe('a cause both arms share (issue 13 part 1)', () => {
  it('investigates a provider outage both arms see and offers the fallback route for both arms', async () => {
    const id = await started('immediate');
    await serve(600, { control: 0.3, candidate: 0.32 });
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, decision: 'investigate', action: 'none' });
    const decision = (await decisions(id)).at(-1);
    expect(decision.kind).toBe('investigate');
    const ev = decision.evidence;
    expect(ev.advance).toBe(false);
    expect(ev.rollback).toEqual([]);
    expect(ev.shared).toHaveLength(1);
    expect(ev.shared[0]).toMatchObject({
      gate: 'error-spike',
      metric: 'error_rate',
      threshold: 0.05,
      errorKinds: [{ kind: 'timeout' }],
      route: { provider: 'anthropic', account: 'prod-ai', region: 'us-east-1', 'ai.route.provider': 'anthropic-prod' },
    });
    expect(ev.shared[0].control).toBeGreaterThan(0.25);
    expect(ev.shared[0].candidate).toBeGreaterThan(0.25);
    expect(ev.offer).toMatchObject({
      set: { 'ai.route.provider': 'openai-prod' },
      scope: 'all',
      arms: 'both',
      withinAuthority: true,
    });
    expect(decision.reasoning).toMatch(/shared cause/);
    expect(decision.reasoning).toMatch(/timeout \(candidate \d+, control \d+\)/);
    expect(decision.reasoning).toMatch(/set ai\.route\.provider to openai-prod for both arms/);
    // No rollback ran and nothing was paged: the release is still running its first canary.
    const shown = (await server.call('GET', `/v1/releases/${id}`)).body;
    expect(shown.release.status).toBe('running');
    expect(shown.release.stage).toBe(0);
    expect(shown.timeline.some((e: { kind: string }) => e.kind === 'rollback.executed')).toBe(false);
    const audit = (await server.call('GET', '/v1/audit')).body.entries.filter((e: any) => e.subject === id);
    expect(audit.some((e: any) => e.details?.kind === 'investigate')).toBe(true);
  });

  it('says the offer needs a person when the ticket does not let ripcord flip flags', async () => {
    const id = await started('rapid', ['level1']);
    await serve(600, { control: 0.2, candidate: 0.2 });
    await server.services.machine.tick();
    const ev = (await decisions(id)).at(-1).evidence;
    expect(ev.offer).toMatchObject({ withinAuthority: false, set: { 'ai.route.provider': 'openai-prod' } });
    expect(ev.offer.authority).toMatch(/needs an on-call engineer or engineering/);
  });

  it('does not advance while shared, and a re-entered stage keeps since when the cause began', async () => {
    const id = await started('immediate');
    await serve(600, { control: 0.3, candidate: 0.3 });
    await server.services.machine.tick();
    // The bake (1 ms) is long over: without the shared cause the tick would advance the stage.
    await server.services.machine.tick();
    const first = (await server.call('GET', `/v1/releases/${id}`)).body.release;
    expect(first.stage).toBe(0);
    const since = first.state.gateSince['error-spike'];
    expect(since.state).toBe('shared');
    // The incident commander pauses to look, then resumes: the stage is entered again.
    expect((await server.call('POST', `/v1/releases/${id}/pause`, { reason: 'looking' })).status).toBe(200);
    expect((await server.call('POST', `/v1/releases/${id}/resume`, { reason: 'carry on' })).status).toBe(200);
    const resumed = (await server.call('GET', `/v1/releases/${id}`)).body.release;
    expect(resumed.state.gateSince['error-spike']).toEqual(since);
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ decision: 'investigate', action: 'none' });
    const again = (await server.call('GET', `/v1/releases/${id}`)).body.release;
    expect(again.state.gateSince['error-spike']).toEqual(since);
    expect(again.stage).toBe(0);
  });

  it('rolls the candidate back when it is worse than control', async () => {
    const id = await started('immediate');
    await serve(600, { control: 0.06, candidate: 0.3 });
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, decision: 'rollback-now' });
    const decision = (await decisions(id)).find((d) => d.kind === 'rollback-now');
    expect(decision.evidence.shared).toBeUndefined();
  });

  it('rolls back a candidate breach while control is healthy', async () => {
    const id = await started('immediate');
    await serve(600, { control: 0, candidate: 0.3 });
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, decision: 'rollback-now' });
  });
});
