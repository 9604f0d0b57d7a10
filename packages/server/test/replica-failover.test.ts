import { createClient, type RipcordClient } from '@ripcord/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { actuatorComponents } from '../src/features/rollbacks/actuator-schema.js';
import { exampleDocuments } from './helpers.js';
import { exited } from './kill-support.js';
import { startReceiver, type Receiver } from './notifications-receiver.js';
import { api, firstLeader, scratchDatabase, startReplica, type Replica } from './replica-support.js';

const base = process.env.RIPCORD_TEST_DATABASE_URL;
const secret = 'replica-failover-actuator-secret-0123456789';

/** Polls `read` until `done` holds of its value (no timing assertion: the test's timeout bounds it). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Failover mid-rollback (issue 17, ADR 0014): two replicas on one PostgreSQL; the leader is killed
 * with SIGKILL right after a level-2 rollback's restore step had its effect on its signed webhook
 * actuator and before the step was recorded done. The follower takes over, resumes the run from
 * that step and finishes it; every actuator call carries the step's Idempotency-Key, and the
 * receiver processed each key once: one run, release rolled back, one team-lead notification,
 * one incident.
 * The time from the kill to the finished run is measured in bench/failover.bench.ts.
 */
describe.skipIf(!base)('a leader killed in the middle of a level-2 rollback', { timeout: 180_000 }, () => {
  const replicas: Replica[] = [];
  const clients: RipcordClient[] = [];
  let receiver: Receiver | undefined;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  afterAll(async () => {
    for (const c of clients) await c.close();
    for (const r of replicas) r.child.kill('SIGKILL');
    await Promise.all(replicas.map((r) => exited(r.child)));
    await receiver?.close();
    await database?.drop();
  });

  it('is finished by the follower, each actuator effect exactly once', async () => {
    receiver = await startReceiver({ secret });
    database = await scratchDatabase(base!);
    // The first replica migrates and leads; it dies at the crash point. The second follows.
    const crashAt = '3:applied';
    const doomed = await startReplica(database.url, { RIPCORD_ACTUATOR_SECRET: secret, CRASH_AT: crashAt });
    replicas.push(doomed);
    await doomed.leading;
    const survivor = await startReplica(database.url, { RIPCORD_ACTUATOR_SECRET: secret });
    replicas.push(survivor);
    expect(await firstLeader(replicas)).toBe(doomed);

    const actuators = Object.fromEntries(actuatorComponents.map((c) => [c, { url: receiver!.url }]));
    const documents = exampleDocuments('ride-pricing', { includeReleases: true }).map((d) =>
      d.kind === 'Workflow' ? { ...d, actuators } : d,
    );
    expect((await api(survivor.url, 'POST', '/v1/apply', { documents })).status).toBe(200);
    await api(survivor.url, 'PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const releaseId = (await api(survivor.url, 'GET', '/v1/releases')).body.releases[0].id;
    const oncall = (await api(survivor.url, 'POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).body
      .token;
    expect((await api(survivor.url, 'POST', `/v1/releases/${releaseId}/start`)).body.started).toBe(true);
    const plan = (await api(survivor.url, 'GET', `/v1/releases/${releaseId}/rollback-plan?level=2`)).body;
    expect(plan.level).toBe('level2');
    const kinds = plan.steps.map((s: any) => s.kind).join(',');
    expect(kinds, 'the crash point must be a restore step').toMatch(/^traffic,set-flag,restore,restore,/);

    // SDK clients on the leader (their first server), the follower second.
    const sdkToken = (
      await api(survivor.url, 'POST', '/v1/tokens', {
        subject: 'app',
        role: 'sdk',
        scope: { environment: 'production' },
      })
    ).body.token;
    for (let i = 0; i < 3; i++) {
      const c = createClient({
        server: [doomed.url, survivor.url],
        token: sdkToken,
        environment: 'production',
        workflows: ['ride-pricing'],
        reconnectBaseMs: 100,
        reconnectMaxMs: 1000,
      });
      clients.push(c);
      await c.ready();
    }

    // Asked of the follower, forwarded to the leader, which dies mid-run: the answer is a 503.
    const asked = await api(
      survivor.url,
      'POST',
      `/v1/releases/${releaseId}/rollback`,
      { reason: 'failover', level: 2 },
      { authorization: `Bearer ${oncall}` },
    );
    await exited(doomed.child);
    expect(doomed.child.signalCode).toBe('SIGKILL');
    expect(asked.status, JSON.stringify(asked.body)).toBe(503);

    await survivor.leading;
    const runs = await until(
      async () => (await api(survivor.url, 'GET', `/v1/rollbacks?release=${releaseId}`)).body.runs as any[],
      (r) => r.length > 0 && r[0].status !== 'running',
    );
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run.status).toBe('succeeded');
    const shown = (await api(survivor.url, 'GET', `/v1/releases/${releaseId}`)).body;
    expect(shown.release.status).toBe('rolled-back');
    expect(shown.timeline.filter((e: any) => e.kind === 'notify.team-lead')).toHaveLength(1);
    const incidents = (await api(survivor.url, 'GET', '/v1/incidents')).body.incidents;
    expect(incidents.filter((i: any) => i.runId === run.id)).toHaveLength(1);

    // Every actuator call belongs to this run; the killed step's call came twice, one key, one effect.
    const keys = receiver.requests.map((r) => String(r.headers['idempotency-key']));
    for (const key of keys) expect(key.startsWith(`${run.id}:`), key).toBe(true);
    expect(receiver.requests.every((r) => r.signature?.ok === true)).toBe(true);
    // Each restore step (2–5, the killed one included) reached its actuator under one key, processed once.
    for (const index of [2, 3, 4, 5]) {
      const calls = new Set(keys.filter((k) => k.startsWith(`${run.id}:${index}`)));
      expect(calls.size, `step ${index}`).toBeGreaterThan(0);
      for (const key of calls) expect(receiver.deliveries.has(key), key).toBe(true);
    }
    expect(receiver.deliveries.size).toBe(new Set(keys).size);
    expect((await api(survivor.url, 'GET', '/v1/audit/verify')).body.ok).toBe(true);

    // The clients moved to the survivor and hold its latest revision (the run's restores included).
    const head = await api(
      survivor.url,
      'GET',
      '/v1/sdk/config?environment=production&workflows=ride-pricing',
      undefined,
      {
        authorization: `Bearer ${sdkToken}`,
      },
    );
    expect(head.status).toBe(200);
    for (const c of clients) {
      await until(
        () => Promise.resolve(c.revision),
        (r) => r === head.body.revision,
      );
      expect(c.status).toBe('ready');
    }
  });
});
