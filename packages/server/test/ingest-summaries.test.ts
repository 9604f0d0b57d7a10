/**
 * Edge summaries through `POST /v1/events` (docs/sdk-protocol.md §6.1): the SDK's reporter folds
 * outcomes into summaries and the server counts each outcome once — across a retried batch (its
 * Idempotency-Key), a summary sent again under another key (its id), and on either engine's store.
 * A summary that does not add up is rejected by name; one for no running release is unattributed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SummaryEvent } from '@ripcord/protocol';
import { createClient } from '@ripcord/sdk';
import { adminToken, createTestApp, type TestApp } from './helpers.js';
import { outcome, postEvents, release, startExampleRelease } from './ingest-support.js';

const AT = '2026-05-02T09:00:00.000Z';

function summary(fields: Partial<SummaryEvent> = {}): SummaryEvent {
  return {
    type: 'summary',
    id: `sum-${Math.random()}`,
    ...release,
    release: release.name,
    arm: 'candidate',
    at: AT,
    intervalMs: 1000,
    count: 10,
    firstAt: AT,
    lastAt: '2026-05-02T09:00:00.900Z',
    metrics: {
      error_rate: [
        [0, 1, 9],
        [1, 1, 1],
      ],
      schema_failure_rate: [[0, 1, 10]],
    },
    latency: [[800, 10]],
    ...fields,
  };
}

describe('edge summaries over HTTP', () => {
  let t: TestApp;
  let id: string;
  beforeEach(async () => {
    t = await createTestApp();
    id = await startExampleRelease(t);
  });
  afterEach(async () => t.close());

  const applied = async () => (await t.call('GET', `/v1/releases/${id}/gates`)).body.applied.events;

  it('counts the outcomes an SDK summarised once each, in a handful of requests', async () => {
    let requests = 0;
    const client = createClient({
      server: 'http://ripcord.test',
      token: adminToken,
      environment: release.environment,
      workflows: [release.workflow],
      report: { summaryIntervalMs: 1000, flushIntervalMs: 60_000 },
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        if (url.pathname === '/v1/events') requests++;
        return t.app.request(url.pathname + url.search, init);
      },
    });
    for (let i = 0; i < 2000; i++)
      client.report(
        outcome({
          id: undefined as unknown as string,
          release: release.name,
          arm: i % 2 === 0 ? 'candidate' : 'control',
          at: new Date(Date.parse(AT) + i).toISOString(),
          error: i % 50 === 0,
        }),
      );
    await client.flush();
    expect(client.stats()).toMatchObject({ summarized: 2000, sent: 4, failed: 0, dropped: 0 });
    expect(requests).toBe(1);
    expect(await applied()).toBe(2000);
    await client.close();
  });

  it('counts a summary once across a retried batch and a resend under another key', async () => {
    const s = summary();
    const first = await postEvents(t, [s], { key: 'k1' });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.body).toMatchObject({ accepted: 1, duplicates: 0, unattributed: 0 });
    const retried = await postEvents(t, [s], { key: 'k1' });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const resent = await postEvents(t, [s], { key: 'k2' });
    expect(resent.body).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await applied()).toBe(10);
    const schema = (await t.call('GET', `/v1/releases/${id}/gates`)).body.gates[0];
    expect(schema).toMatchObject({ gate: 'schema-failure-spike', samples: { candidate: 10 } });
  });

  it('rejects a summary that does not add up, naming the field, and counts one for no release as unattributed', async () => {
    const bad = await postEvents(t, [
      summary({ metrics: { error_rate: [[0, 1, 11]] } }),
      summary({ at: '2026-05-02T09:00:00.500Z' }),
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { message: string }) => d.message)).toEqual([
      'metrics.error_rate: more observations than count',
      'at: must be a multiple of intervalMs since the epoch',
    ]);
    const other = await postEvents(t, [summary({ release: 'not-running' }), outcome()]);
    expect(other.status).toBe(202);
    expect(other.body).toMatchObject({ accepted: 2, unattributed: 10 });
  });
});
