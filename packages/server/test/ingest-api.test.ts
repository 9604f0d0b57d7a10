import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.js';
import { outcome, persistedApplied, postEvents, startExampleRelease } from './ingest-support.js';

describe('POST /v1/events', () => {
  let t: TestApp;
  let id: string;
  beforeEach(async () => {
    t = await createTestApp();
    id = await startExampleRelease(t);
  });
  afterEach(async () => t.close());

  it('takes the good events of a mixed batch and names each rejected one by index, code and field', async () => {
    const batch = [
      outcome(),
      outcome({ latencyMs: -1 }),
      outcome(),
      42,
      { ...outcome(), type: 'telemetry' },
      outcome({ at: 'yesterday' }),
      outcome({ release: 'some-other-release' }),
      outcome({ at: '2026-05-02T10:00:00Z' }),
    ];
    const r = await postEvents(t, batch);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({
      accepted: 3,
      duplicates: 0,
      unattributed: 1,
      rejected: [
        { index: 1, code: 'invalid_event', message: 'latencyMs: must be 0 or more' },
        { index: 3, code: 'invalid_event', message: 'an event must be a JSON object' },
        { index: 4, code: 'invalid_event', message: expect.stringMatching(/^type: must be one of outcome, review/) },
        { index: 5, code: 'invalid_event', message: expect.stringMatching(/^at: must be an ISO-8601 timestamp/) },
        { index: 7, code: 'future_timestamp', message: 'at: 2026-05-02T10:00:00Z is in the future' },
      ],
    });
    // Acknowledged means stored: the persisted aggregate already holds the two attributed events.
    expect(await persistedApplied(t, id)).toBe(2);
    const gates = await t.call('GET', `/v1/releases/${id}/gates`);
    expect(gates.body.applied).toEqual({ events: 2, ignored: 0 });
    const schema = gates.body.gates.find((g: any) => g.gate === 'schema-failure-spike');
    expect(schema.samples).toEqual({ candidate: 2, control: 0 });
  });

  it('answers 400 naming every event when none is acceptable, and 413 above 1,000 events', async () => {
    const r = await postEvents(t, [outcome({ costUsd: Number.NaN }), { type: 'review' }]);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.details.map((d: any) => [d.index, d.code])).toEqual([
      [0, 'invalid_event'],
      [1, 'invalid_event'],
    ]);
    expect((await postEvents(t, '{"not":"an array"}')).body.error.code).toBe('validation_failed');
    expect((await postEvents(t, '[{"broken"')).body.error.code).toBe('malformed_json');
    const big = Array.from({ length: 1001 }, () => ({}));
    const tooMany = await postEvents(t, big);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.message).toMatch(/at most 1000 events \(got 1001\)/);
    expect((await postEvents(t, [])).body).toEqual({ accepted: 0, rejected: [], duplicates: 0, unattributed: 0 });
    expect(await persistedApplied(t, id)).toBe(0);
  });

  it('reads NDJSON, skipping blank lines and rejecting a broken line on its own', async () => {
    const lines = [JSON.stringify(outcome()), '', '{"type": "outcome", ', JSON.stringify(outcome()), ''];
    const r = await postEvents(t, lines.join('\n'), { type: 'application/x-ndjson' });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      accepted: 2,
      rejected: [{ index: 1, code: 'malformed_json', message: 'this line is not valid JSON' }],
    });
    expect(await persistedApplied(t, id)).toBe(2);
  });

  it('replays the first response for a repeated Idempotency-Key, also after a restart', async () => {
    const batch = [outcome(), outcome(), outcome({ schemaValid: 'yes' as unknown as boolean })];
    const first = await postEvents(t, batch, { key: 'batch-0001' });
    expect(first.status).toBe(202);
    expect(first.body.accepted).toBe(2);
    // A retry carries the same key; even a different body must not be counted again.
    const again = await postEvents(t, [outcome(), outcome(), outcome()], { key: 'batch-0001' });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await persistedApplied(t, id)).toBe(2);

    // A new process on the same store finds the key in ingest_batches, not in memory.
    const restarted = await createTestApp('pglite', { database: t.database });
    expect(await restarted.services.gateSessions.load()).toBe(1);
    const replay = await postEvents(restarted, batch, { key: 'batch-0001' });
    expect(replay.body).toEqual(first.body);
    expect(await persistedApplied(restarted, id)).toBe(2);
    expect(restarted.services.ingest.stats()).toMatchObject({ replayed: 1, accepted: 0 });
  });

  it('counts an event id once, within a batch and across batches', async () => {
    const a = outcome();
    const b = outcome();
    const r1 = await postEvents(t, [a, b, a]);
    expect(r1.body).toMatchObject({ accepted: 3, duplicates: 1 });
    const r2 = await postEvents(t, [b, outcome()]);
    expect(r2.body).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(await persistedApplied(t, id)).toBe(3);
  });

  it('routes an event without a release to the only running release of its workflow and environment', async () => {
    const noRelease = () => {
      const { release: _omit, ...rest } = outcome();
      return rest;
    };
    expect((await postEvents(t, [noRelease()])).body).toMatchObject({ accepted: 1, unattributed: 0 });
    expect(await persistedApplied(t, id)).toBe(1);
    // A second running release in the same workflow and environment makes the choice ambiguous.
    const record = (await t.services.stores.releases.get(id))!;
    await t.services.gateSessions.start({ ...record, id: 'rel_second', name: 'second' }, t.clock.now());
    expect((await postEvents(t, [noRelease()])).body).toMatchObject({ accepted: 1, unattributed: 1 });
    expect((await postEvents(t, [outcome({ release: 'second' })])).body).toMatchObject({ unattributed: 0 });
    expect(await persistedApplied(t, id)).toBe(1);
    expect(await persistedApplied(t, 'rel_second')).toBe(1);
  });

  it('keeps an sdk token to its scope, event by event', async () => {
    const token = (
      await t.call('POST', '/v1/tokens', {
        subject: 'support-app',
        role: 'sdk',
        scope: { environment: 'production', workflows: ['support-summary'] },
      })
    ).body.token as string;
    const r = await postEvents(
      t,
      [outcome(), outcome({ environment: 'staging' }), outcome({ workflow: 'ride-pricing' })],
      {
        token,
      },
    );
    expect(r.status).toBe(202);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected).toEqual([
      {
        index: 1,
        code: 'out_of_scope',
        message: 'the token of support-app is not scoped to support-summary in staging',
      },
      {
        index: 2,
        code: 'out_of_scope',
        message: 'the token of support-app is not scoped to ride-pricing in production',
      },
    ]);
    const none = await postEvents(t, [outcome({ environment: 'staging' })], { token });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('forbidden');
    const viewer = (await t.call('POST', '/v1/tokens', { subject: 'v', role: 'viewer' })).body.token as string;
    expect((await postEvents(t, [outcome()], { token: viewer })).status).toBe(403);
    expect(await persistedApplied(t, id)).toBe(1);
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const r = await postEvents(t, [outcome()], { key: 'has spaces in it' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/Idempotency-Key/);
  });
});
