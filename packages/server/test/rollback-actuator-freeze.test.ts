import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { rollbackRuns } from '../src/db/schema.js';
import type { Database } from '../src/db/database.js';
import { availableEngines, openTestDatabase } from './helpers.js';
import { startReceiver, type Receiver } from './notifications-receiver.js';
import {
  actuatorSecret,
  ridePricingWithActuators,
  startHttpApp,
  startRidePricing,
  type HttpApp,
} from './rollback-support.js';

const names = ['model', 'featurePipeline', 'recompute-features', 'restore-snapshot', 'retrain-model'];
const hours = (n: number) => n * 3_600_000;

/**
 * A run's actuator declarations are frozen when it is created (issue 6): re-applying the workflow
 * mid-run — with another URL, another secret variable, another deadline — changes nothing for the
 * run, across a restart too. Runs stored without a frozen copy read the current workflow.
 */
describe.each(availableEngines())('frozen actuator declarations (%s)', (engine) => {
  let t: HttpApp;
  let database: Database;
  let original: Receiver;
  let replacement: Receiver;
  afterEach(async () => {
    await t.stop();
    await original.close();
    await replacement.close();
    await database.close();
  });

  /** A level-4 rollback of ride-pricing with every actuator at `original`, waiting at its first job. */
  async function waitingLevel4Run() {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database);
    original = await startReceiver({ secret: actuatorSecret, now: () => t.clock.now() });
    replacement = await startReceiver({ secret: actuatorSecret, now: () => t.clock.now() });
    const { id, oncall, token } = await startRidePricing(t, original.url, names);
    await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'snapshot drifted', level: 4 }, oncall);
    for (const lead of ['lead-data-eng', 'lead-ml-eng'])
      await t.call('POST', `/v1/releases/${id}/approvals`, { verdict: 'grant', reason: 'ok' }, await token(lead));
    const runId = (await t.call('GET', `/v1/rollbacks?release=${id}`)).body.runs[0].id as string;
    const jobs = (await runOf(runId)).steps.filter((s: any) => s.kind === 'job');
    expect(jobs.map((s: any) => s.status)).toEqual(['waiting', 'pending', 'pending']);
    return { runId, oncall, jobs: jobs.map((s: any) => s.index as number) };
  }
  const runOf = async (runId: string) => (await t.call('GET', `/v1/rollbacks/${runId}`)).body.run;
  /** Re-applies the Workflow with every actuator at `url` and a 1h deadline (and another secret variable, if given). */
  const reapply = async (url: string, secretEnv?: string) => {
    const actuators = Object.fromEntries(
      names.map((n) => [n, { url, deadline: '1h', ...(secretEnv ? { secretEnv } : {}) }]),
    );
    const changed = ridePricingWithActuators(url, names)
      .filter((d) => d.kind === 'Workflow')
      .map((d) => ({ ...d, actuators }));
    expect((await t.call('POST', '/v1/apply', { documents: changed })).status).toBe(200);
    expect((await t.services.stores.registry.getWorkflow('ride-pricing'))?.spec.actuators?.model).toEqual(
      actuators.model,
    );
  };
  const report = (runId: string, index: number, oncall: string) =>
    t.call('POST', `/v1/rollbacks/${runId}/jobs/${index}`, { status: 'succeeded' }, oncall);

  it('keeps calling the original receivers, with the original secret and deadline, after a re-apply and a restart', async () => {
    const { runId, oncall, jobs } = await waitingLevel4Run();
    const frozen = (await runOf(runId)).actuators;
    expect(Object.keys(frozen).sort()).toEqual([...names].sort());
    expect(frozen.model).toEqual({ url: original.url });

    await reapply(replacement.url, 'RIPCORD_ACTUATOR_SECRET_ROTATED');
    // A restart (a new process on the same store) resumes the waiting run from the frozen copy.
    await t.stop();
    t = await startHttpApp(database, t.clock);
    expect(await t.services.machine.resumeRuns()).toHaveLength(1);
    expect((await runOf(runId)).actuators).toEqual(frozen);

    expect((await report(runId, jobs[0], oncall)).status).toBe(200);
    const run = await runOf(runId);
    const second = run.steps[jobs[1]!];
    expect(second).toMatchObject({ status: 'waiting', job: { status: 'dispatched' } });
    // The frozen default deadline (6h), not the re-applied 1h.
    expect(Date.parse(second.job.deadlineAt) - Date.parse(second.job.dispatchedAt)).toBe(hours(6));
    expect(original.deliveries.has(`${runId}:${jobs[1]}:job`)).toBe(true);
    // Signed with the original secret variable (the re-applied one is not set on this server).
    expect(original.requests.every((r) => r.signature?.ok)).toBe(true);

    for (const index of jobs.slice(1)) expect((await report(runId, index, oncall)).status).toBe(200);
    expect((await runOf(runId)).status).toBe('succeeded');
    expect(original.deliveries.has(`${runId}:${jobs[2]}:job`)).toBe(true);
    expect(replacement.requests).toHaveLength(0);
  });

  it('reads the current workflow for a run stored without a frozen copy', async () => {
    const { runId, oncall, jobs } = await waitingLevel4Run();
    // A run as stored before declarations were frozen: the plan column without them.
    await database.db
      .update(rollbackRuns)
      .set({ plan: sql`${rollbackRuns.plan} - 'frozenActuators'` })
      .where(eq(rollbackRuns.id, runId));
    expect((await runOf(runId)).actuators).toBeNull();

    await reapply(replacement.url);
    await report(runId, jobs[0], oncall);
    const second = (await runOf(runId)).steps[jobs[1]!];
    expect(second).toMatchObject({ status: 'waiting', job: { status: 'dispatched' } });
    expect(Date.parse(second.job.deadlineAt) - Date.parse(second.job.dispatchedAt)).toBe(hours(1));
    expect(replacement.deliveries.has(`${runId}:${jobs[1]}:job`)).toBe(true);
    expect(original.deliveries.has(`${runId}:${jobs[1]}:job`)).toBe(false);
  });
});
