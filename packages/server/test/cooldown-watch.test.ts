/**
 * Delayed gates keep watching after promotion (issue 13 part 7), end to end on the real server:
 * a release whose bake is shorter than its reviews' delay promotes; reviews of the canary's
 * requests then arrive through the SDK, still match the requests the candidate served, and a
 * breach of the delayed gate in the cool-down records a review decision, and a person may then
 * restore the previous bundle; a rapid gate's late breach restores it at once, within the ticket's
 * authority, through the transition table (`promoted → rolling-back → rolled-back`). Outcomes served
 * after promotion no longer reach the release's gates.
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

const ticket = (severity: 'delayed' | 'rapid') => ({
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
      severity,
    },
  ],
  firstRollback: { restore: ['modelRoute'] },
  automatic: ['level1', 'flags'],
  evidence: ['reviewerNotes'],
  authority: { flipFlags: 'engineering', reduceAutomation: 'incidentCommander' },
  cooldown: '72h',
});

const labelNow = async () =>
  (await server.call('GET', '/v1/workflows/support-summary/labels')).body.labels.find(
    (l: { environment: string; label: string }) => l.environment === 'production' && l.label === 'production',
  )?.bundleVersion as string | undefined;

/** A release promoted after a 1 ms bake, whose canary's reviews arrive after promotion (40 % vs 5 % rejected). */
async function promotedWithLateReviews(severity: 'delayed' | 'rapid') {
  server = await startRealServer();
  const applied = await server.call('POST', '/v1/apply', {
    documents: [...exampleDocuments('support-summary'), ticket(severity)],
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
  if (severity === 'delayed') {
    // The bake (1 ms) is over and a delayed gate does not block: the release promotes.
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, action: 'promoted' });
  } else {
    // A rapid gate still inconclusive blocks the stage (R4.4): the owner promotes by hand.
    const promoted = await server.call('POST', `/v1/releases/${id}/promote`, { reason: 'reviews take 2 h' });
    expect(promoted.status).toBe(200);
  }
  expect(await labelNow()).toBe('2026-05-02.1');
  for (const arm of ['candidate', 'control'] as const)
    served[arm].forEach((requestId, k) => {
      const rejected = arm === 'candidate' ? k % 5 < 2 : k % 20 === 0;
      client!.report({
        type: 'review',
        workflow: 'support-summary',
        requestId,
        verdict: rejected ? 'rejected' : 'accepted',
      });
    });
  await client.flush();
  return id;
}

describe('delayed gates after promotion (issue 13 part 7)', () => {
  it('matches late reviews to the canary after promotion and raises a review in the cool-down', async () => {
    server = await startRealServer();
    const applied = await server.call('POST', '/v1/apply', {
      documents: [...exampleDocuments('support-summary'), ticket('delayed')],
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

    // The review confirms it: a person restores the previous bundle, still kept warm.
    // An admin holds no role in the workflow: the ticket's authority refuses it, and nothing moves.
    const refused = await server.call('POST', `/v1/releases/${id}/rollback`, { reason: 'review confirmed it' });
    expect(refused.body).toMatchObject({ status: 'refused', releaseStatus: 'promoted' });
    expect(await labelNow()).toBe('2026-05-02.1');
    const engineering = (await server.call('POST', '/v1/tokens', { subject: 'team-support-ai', role: 'operator' })).body
      .token as string;
    const answer = await server.call(
      'POST',
      `/v1/releases/${id}/rollback`,
      { reason: 'review confirmed the regression' },
      engineering,
    );
    expect(answer.status).toBe(200);
    expect(answer.body, answer.body.summary).toMatchObject({ status: 'executed', releaseStatus: 'rolled-back' });
    expect(await labelNow()).toBe('2026-04-10.1');
    expect((await server.call('GET', `/v1/releases/${id}`)).body.release.status).toBe('rolled-back');
  });

  it('restores the previous bundle at once when a rapid late-label gate breaches in the cool-down', async () => {
    const id = await promotedWithLateReviews('rapid');
    await server.services.machine.tick();
    const shown = (await server.call('GET', `/v1/releases/${id}`)).body;
    expect(shown.release.status).toBe('rolled-back');
    expect(await labelNow()).toBe('2026-04-10.1');
    const decision = shown.decisions.at(-1);
    expect(decision).toMatchObject({ kind: 'rollback-now' });
    expect(decision.evidence).toMatchObject({ afterPromotion: true, gates: ['review-rejection'] });
    const kinds = shown.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(kinds.indexOf('release.promoted'))).toEqual(
      expect.arrayContaining(['decision', 'rollback.started', 'rollback.executed', 'release.rolled-back']),
    );
  });

  it('refuses a restore once the cool-down is over, and the release stays promoted', async () => {
    const id = await promotedWithLateReviews('delayed');
    const later = Date.now() + 73 * 3600e3;
    server.clock.now = () => new Date(later);
    const answer = await server.call('POST', `/v1/releases/${id}/rollback`, { reason: 'too late' });
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(/cool-down ended .*no longer kept warm/);
    expect((await server.call('GET', `/v1/releases/${id}`)).body.release.status).toBe('promoted');
    expect(await labelNow()).toBe('2026-05-02.1');
  });
});
