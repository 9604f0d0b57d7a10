/**
 * Failover mid-rollback (issue 17, ADR 0014): two replica processes on one PostgreSQL database; the
 * leader is SIGKILLed right after a level-2 rollback's restore step (3 of 6) reached its signed
 * webhook actuator. Measures, from the kill (the leader's exit seen by this process), the time
 * until the follower leads and until the run is finished (polled every 20 ms). Goal: < 10 s.
 *
 * Needs PostgreSQL: RIPCORD_BENCH_DATABASE_URL (or RIPCORD_TEST_DATABASE_URL) naming a database
 * beside which scratch databases may be created; without it the benchmark says so and exits 0.
 */
import { actuatorComponents } from '../packages/server/src/features/rollbacks/actuator-schema.js';
import { exampleDocuments } from '../packages/server/test/helpers.js';
import { exited } from '../packages/server/test/kill-support.js';
import { startReceiver } from '../packages/server/test/notifications-receiver.js';
import { api, scratchDatabase, startReplica } from '../packages/server/test/replica-support.js';

const base = process.env.RIPCORD_BENCH_DATABASE_URL ?? process.env.RIPCORD_TEST_DATABASE_URL;
const secret = 'failover-bench-actuator-secret-0123456789';
const trials = Number(process.env.FAILOVER_TRIALS ?? 5);

async function trial(): Promise<{ elected: number; finished: number }> {
  const receiver = await startReceiver({ secret });
  const database = await scratchDatabase(base!);
  const doomed = await startReplica(database.url, { RIPCORD_ACTUATOR_SECRET: secret, CRASH_AT: '3:applied' });
  await doomed.leading;
  const survivor = await startReplica(database.url, { RIPCORD_ACTUATOR_SECRET: secret });
  try {
    const actuators = Object.fromEntries(actuatorComponents.map((c) => [c, { url: receiver.url }]));
    const documents = exampleDocuments('ride-pricing', { includeReleases: true }).map((d) =>
      d.kind === 'Workflow' ? { ...d, actuators } : d,
    );
    await api(survivor.url, 'POST', '/v1/apply', { documents });
    await api(survivor.url, 'PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const releaseId = (await api(survivor.url, 'GET', '/v1/releases')).body.releases[0].id;
    const oncall = (await api(survivor.url, 'POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).body
      .token;
    await api(survivor.url, 'POST', `/v1/releases/${releaseId}/start`);
    const killed = new Promise<number>((resolve) => doomed.child.once('exit', () => resolve(performance.now())));
    const asked = await api(
      survivor.url,
      'POST',
      `/v1/releases/${releaseId}/rollback`,
      { reason: 'bench', level: 2 },
      { authorization: `Bearer ${oncall}` },
    );
    if (asked.status !== 503) throw new Error(`the leader did not die mid-run: ${JSON.stringify(asked.body)}`);
    const at = await killed;
    await survivor.leading;
    const elected = survivor.ledAt! - at;
    for (;;) {
      const runs = (await api(survivor.url, 'GET', `/v1/rollbacks?release=${releaseId}`)).body.runs;
      if (runs[0]?.status === 'succeeded') break;
      if (runs[0]?.status === 'failed') throw new Error('the run failed');
      await new Promise((r) => setTimeout(r, 20));
    }
    return { elected, finished: performance.now() - at };
  } finally {
    survivor.child.kill('SIGKILL');
    doomed.child.kill('SIGKILL');
    await Promise.all([exited(survivor.child), exited(doomed.child)]);
    await receiver.close();
    await database.drop();
  }
}

if (!base) {
  console.log(
    'failover: skipped (set RIPCORD_BENCH_DATABASE_URL or RIPCORD_TEST_DATABASE_URL to a PostgreSQL database)',
  );
  process.exit(0);
}
const results: { elected: number; finished: number }[] = [];
for (let i = 0; i < trials; i++) {
  const r = await trial();
  results.push(r);
  console.log(
    `trial ${i + 1}: follower leads ${r.elected.toFixed(0)} ms after the kill; run finished ${r.finished.toFixed(0)} ms after it`,
  );
}
const worst = Math.max(...results.map((r) => r.finished));
const sorted = results.map((r) => r.finished).sort((a, b) => a - b);
console.log(
  `failover mid-rollback: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, worst ${worst.toFixed(0)} ms from kill to finished run (goal < 10,000 ms): ${worst < 10_000 ? 'met' : 'NOT met'}`,
);
