/**
 * Delayed gates keep watching after promotion (issue 13 part 7), end to end on the real server:
 * a release whose bake is shorter than its reviews' delay promotes; reviews of the canary's
 * requests then arrive through the SDK, still match the requests the candidate served, and a
 * breach of the delayed gate in the cool-down records a review decision. Outcomes served after
 * promotion no longer reach the release's gates.
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

const release = {
  kind: 'Release',
  workflow: 'support-summary',
  environment: 'production',
  name: 'short-bake',
  control: '2026-04-10.1',
  candidate: '2026-05-02.1',
  plan: [{ canary: { percent: 50, bake: '1ms' } }, { promote: {} }],
  gates: [
    {
      name: 'review-rejection',
      metric: 'review_rejection_rate',
      candidate: { worseThanControlBy: '5pp' },
      within: 'release',
      severity: 'delayed',
    },
  ],
  firstRollback: { restore: ['modelRoute'] },
  automatic: ['level1', 'flags'],
  evidence: ['reviewerNotes'],
  authority: { flipFlags: 'engineering', reduceAutomation: 'incidentCommander' },
  cooldown: '72h',
};

describe('delayed gates after promotion (issue 13 part 7)', () => {
  it('matches late reviews to the canary after promotion and raises a review in the cool-down', async () => {
    server = await startRealServer();
    const applied = await server.call('POST', '/v1/apply', {
      documents: [...exampleDocuments('support-summary'), release],
    });
    expect(applied.status).toBe(200);
    const id = (await server.call('GET', '/v1/releases?workflow=support-summary')).body.releases.find(
      (r: { name: string }) => r.name === 'short-bake',
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
    const served: Record<'control' | 'candidate', string[]> = { control: [], candidate: [] };
    for (let i = 0; i < 600; i++) {
      const d = client.route('support-summary', { key: `user-${i}` });
      served[d.arm].push(`req-${i}`);
      client.report({ type: 'outcome', workflow: 'support-summary', requestId: `req-${i}`, ...decisionFields(d) });
    }
    await client.flush();

    // The bake (1 ms) is over and the delayed gate may still be inconclusive: the release promotes.
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, action: 'promoted' });
    const gatesAt = async () => (await server.call('GET', `/v1/releases/${id}/gates`)).body;
    expect((await gatesAt()).live).toBe(true);

    // Outcomes served after promotion (no split any more) do not reach the promoted release's gates.
    const before = (await gatesAt()).gates[0].samples;
    for (let i = 600; i < 700; i++) {
      const d = client.route('support-summary', { key: `user-${i}` });
      client.report({ type: 'outcome', workflow: 'support-summary', requestId: `req-${i}`, ...decisionFields(d) });
    }
    await client.flush();
    expect((await gatesAt()).gates[0].samples).toEqual(before);

    // Two hours later the reviews arrive, naming only the request: 40 % of the candidate's rejected.
    for (const arm of ['candidate', 'control'] as const)
      served[arm].forEach((requestId, k) => {
        const rejected = arm === 'candidate' ? k % 5 < 2 : k % 20 === 0;
        client!.report({
          type: 'review',
          workflow: 'support-summary',
          requestId,
          verdict: rejected ? 'rejected' : 'accepted',
          reviewer: 'qa-7',
          ...(rejected ? { notes: 'wrong next_action' } : {}),
        });
      });
    await client.flush();
    const view = await gatesAt();
    expect(view.gates[0]).toMatchObject({ gate: 'review-rejection', state: 'breached' });

    await server.services.machine.tick();
    const shown = (await server.call('GET', `/v1/releases/${id}`)).body;
    expect(shown.release.status).toBe('promoted');
    const last = shown.decisions.at(-1);
    expect(last.kind).toBe('investigate');
    expect(last.evidence).toMatchObject({ afterPromotion: true, reviews: ['review-rejection'] });
    expect(last.reasoning).toMatch(/After promotion, in the cool-down: review-rejection breached/);
    expect(last.reasoning).toMatch(/restore the previous bundle 2026-04-10\.1, kept warm until/);
    const gate = last.evidence.evidence.find((g: any) => g.gate === 'review-rejection');
    expect(gate.evidence.kept.candidate[0]).toMatchObject({ reviewer: 'qa-7', notes: 'wrong next_action' });
    // The next tick records nothing new: the decision is the same.
    await server.services.machine.tick();
    expect((await server.call('GET', `/v1/releases/${id}`)).body.decisions).toHaveLength(shown.decisions.length);
  });
});
