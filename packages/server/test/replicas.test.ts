import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { exampleDocuments } from './helpers.js';
import { exited } from './kill-support.js';
import { outcome } from './ingest-support.js';
import { api, firstLeader, scratchDatabase, startReplica, type Replica } from './replica-support.js';

const base = process.env.RIPCORD_TEST_DATABASE_URL;
const rideRelease = { workflow: 'ride-pricing', environment: 'production', name: 'demand-gbm-42' } as const;

/**
 * Several replicas on one PostgreSQL (issue 17, ADR 0014): real server processes on a scratch
 * database. One leads; followers forward acting requests to it and serve reads and streams; an
 * event accepted by any replica is counted once; a process without the lease cannot act.
 */
describe.skipIf(!base)('replicas on one PostgreSQL', { timeout: 60_000 }, () => {
  let database: { url: string; drop: () => Promise<void> };
  let replicas: Replica[];
  let leader: Replica;
  let follower: Replica;
  let releaseId: string;

  beforeAll(async () => {
    database = await scratchDatabase(base!);
    // The first creates the schema alone (two migrators at once would race on it).
    const first = await startReplica(database.url);
    replicas = [first, await startReplica(database.url)];
    leader = await firstLeader(replicas);
    follower = replicas.find((r) => r !== leader)!;
  }, 120_000);
  afterAll(async () => {
    for (const r of replicas ?? []) r.child.kill('SIGKILL');
    await Promise.all((replicas ?? []).map((r) => exited(r.child)));
    await database?.drop();
  });

  it('elects exactly one leader; the other says it follows', async () => {
    expect((await api(leader.url, 'GET', '/readyz')).body).toMatchObject({ status: 'ready', role: 'leader' });
    expect((await api(follower.url, 'GET', '/readyz')).body).toMatchObject({ status: 'ready', role: 'follower' });
  });

  it('takes writes on a follower by forwarding them to the leader, and serves reads itself', async () => {
    const documents = exampleDocuments('ride-pricing', { includeReleases: true });
    const applied = await api(follower.url, 'POST', '/v1/apply', { documents });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.headers.get('x-ripcord-leader')).not.toBeNull();
    const label = await api(
      follower.url,
      'PUT',
      '/v1/workflows/ride-pricing/environments/production/labels/production',
      {
        version: '41',
        reason: 'baseline',
      },
    );
    expect(label.status, JSON.stringify(label.body)).toBe(200);
    releaseId = (await api(follower.url, 'GET', '/v1/releases')).body.releases[0].id;
    const started = await api(follower.url, 'POST', `/v1/releases/${releaseId}/start`);
    expect(started.body.started).toBe(true);
    expect((await api(follower.url, 'GET', `/v1/releases/${releaseId}`)).body.release.status).toBe('running');
  });

  it('streams a revision committed through the leader to an SSE client of the follower', async () => {
    const sdk = (
      await api(leader.url, 'POST', '/v1/tokens', { subject: 'app', role: 'sdk', scope: { environment: 'production' } })
    ).body.token;
    const controller = new AbortController();
    const res = await fetch(`${follower.url}/v1/sdk/stream?environment=production`, {
      headers: { authorization: `Bearer ${sdk}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const seen: number[] = [];
    let buffer = '';
    const next = async (): Promise<number> => {
      for (;;) {
        const match = /id: (\d+)\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return Number(match[1]);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended; it had sent: ${buffer}`);
        buffer += new TextDecoder().decode(value);
      }
    };
    seen.push(await next());
    const set = await api(leader.url, 'PUT', '/v1/workflows/ride-pricing/environments/production/flags/replica.probe', {
      value: true,
      reason: 'replica stream',
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    seen.push(await next());
    controller.abort();
    expect(seen[1]).toBe(seen[0]! + 1);
  });

  it('counts events accepted by either replica exactly once, retries included', async () => {
    const perBatch = 50;
    const batches = Array.from({ length: 40 }, (_, b) => ({
      key: `cross-${b}`,
      body: Array.from({ length: perBatch }, (_, i) =>
        outcome({
          ...rideRelease,
          id: `x${b}-${i}`,
          arm: i % 2 === 0 ? 'candidate' : 'control',
          at: new Date().toISOString(),
        }),
      ),
    }));
    const sent = await Promise.all(
      batches.map((b, i) => api(replicas[i % 2]!.url, 'POST', '/v1/events', b.body, { 'idempotency-key': b.key })),
    );
    for (const s of sent) expect(s.status, JSON.stringify(s.body)).toBe(202);
    for (const s of sent) expect(s.body).toMatchObject({ accepted: perBatch, unattributed: 0 });
    // Every third batch again, through the other replica: replayed, not counted.
    for (let b = 0; b < batches.length; b += 3) {
      const again = await api(replicas[(b + 1) % 2]!.url, 'POST', '/v1/events', batches[b]!.body, {
        'idempotency-key': batches[b]!.key,
      });
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    const gates = await api(follower.url, 'GET', `/v1/releases/${releaseId}/gates`);
    expect(gates.status, JSON.stringify(gates.body)).toBe(200);
    const applied = (await api(leader.url, 'GET', `/v1/releases/${releaseId}/gates`)).body.applied;
    expect(applied).toEqual({ events: batches.length * perBatch, ignored: 0 });
  });

  it('counts edge summaries sent to either replica once, retries and resends included', async () => {
    const before = (await api(leader.url, 'GET', `/v1/releases/${releaseId}/gates`)).body.applied.events;
    const second = Math.floor(Date.now() / 1000) * 1000 - 5000;
    const summaries = Array.from({ length: 20 }, (_, b) => {
      const at = new Date(second + (b % 5) * 1000).toISOString();
      return {
        type: 'summary',
        id: `sum-${b}`,
        ...rideRelease,
        release: rideRelease.name,
        arm: b % 2 === 0 ? 'candidate' : 'control',
        at,
        intervalMs: 1000,
        count: 100 + b,
        firstAt: at,
        lastAt: at,
        metrics: {
          error_rate: [
            [0, 1, 99 + b],
            [1, 1, 1],
          ],
        },
        latency: [[120, 100 + b]],
      };
    });
    const send = (b: number, replica: Replica, key: string) =>
      api(replica.url, 'POST', '/v1/events', [summaries[b]], { 'idempotency-key': key });
    for (let b = 0; b < summaries.length; b++) {
      const first = await send(b, replicas[b % 2]!, `sum-key-${b}`);
      expect(first.status, JSON.stringify(first.body)).toBe(202);
      expect(first.body).toMatchObject({ accepted: 1, unattributed: 0, duplicates: 0 });
      // The same batch retried through the other replica, and the same summary in a new batch.
      expect((await send(b, replicas[(b + 1) % 2]!, `sum-key-${b}`)).headers.get('idempotent-replayed')).toBe('true');
      expect((await send(b, replicas[b % 2]!, `sum-again-${b}`)).body).toMatchObject({ duplicates: 1 });
    }
    const after = (await api(leader.url, 'GET', `/v1/releases/${releaseId}/gates`)).body.applied.events;
    expect(after - before).toBe(summaries.reduce((n, s) => n + s.count, 0));
  });

  it('refuses an acting write from a connection that does not hold the lease', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const write = client.query(`update releases set updated_at = updated_at where id = $1`, [releaseId]);
      await expect(write).rejects.toMatchObject({ code: 'RC001' });
      const forged = client
        .query(`select set_config('ripcord.fence', '999', false)`)
        .then(() => client.query(`delete from gate_states`));
      await expect(forged).rejects.toMatchObject({ code: 'RC001' });
    } finally {
      await client.end();
    }
  });
});
