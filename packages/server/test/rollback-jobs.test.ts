import { afterEach, describe, expect, it } from 'vitest';
import { availableEngines, exampleDocuments, openTestDatabase } from './helpers.js';
import type { Database } from '../src/db/database.js';
import { startReceiver, type Receiver, type Script } from './notifications-receiver.js';
import {
  actuatorSecret,
  ridePricingWithActuators,
  startHttpApp,
  startRidePricing,
  type HttpApp,
} from './rollback-support.js';

const hours = (n: number) => n * 3_600_000;

/**
 * Levels 3 and 4 as long-running jobs (issue 6): a job step calls its signed actuator once, the
 * run waits (persisted) for the job's reported status, success completes the run, and a reported
 * failure or a missed deadline fails it — escalated, never reported as a rollback.
 */
describe.each(availableEngines())('level 3/4 rollback jobs (%s)', (engine) => {
  let t: HttpApp;
  let database: Database;
  let receiver: Receiver;
  afterEach(async () => {
    await t.stop();
    await receiver.close();
    await database.close();
  });

  /** A ride-pricing release rolled back at `level` (approved by the leads it needs); returns the outcome. */
  async function rollBack(level: 3 | 4, options: { script?: Script; actuators?: string[] } = {}) {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database);
    receiver = await startReceiver({
      secret: actuatorSecret,
      now: () => t.clock.now(),
      ...(options.script ? { script: options.script } : {}),
    });
    const names = options.actuators ?? [
      'model',
      'featurePipeline',
      'recompute-features',
      'restore-snapshot',
      'retrain-model',
    ];
    const { id, oncall, token } = await startRidePricing(t, receiver.url, names);
    const asked = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'features drifted', level }, oncall);
    expect(asked.body.status).toBe('awaiting-approval');
    let outcome = await t.call(
      'POST',
      `/v1/releases/${id}/approvals`,
      { verdict: 'grant', reason: 'ok' },
      await token('lead-data-eng'),
    );
    if (level === 4)
      outcome = await t.call(
        'POST',
        `/v1/releases/${id}/approvals`,
        { verdict: 'grant', reason: 'ok' },
        await token('lead-ml-eng'),
      );
    return { id, oncall, outcome: outcome.body };
  }
  const runOf = async (runId: string) => (await t.call('GET', `/v1/rollbacks/${runId}`)).body.run;
  const releaseOf = async (id: string) => (await t.call('GET', `/v1/releases/${id}`)).body;
  const jobCalls = () => receiver.requests.filter((r) => r.headers['x-ripcord-event'] === 'actuator.job');

  it('dispatches the job once through its signed actuator, shows progress, keeps waiting across a restart, and completes on success', async () => {
    const { id, oncall, outcome } = await rollBack(3);
    expect(outcome).toMatchObject({ status: 'executed', runStatus: 'running', releaseStatus: 'rolling-back' });
    const runId = outcome.runId as string;
    let run = await runOf(runId);
    const jobStep = run.steps.find((s: any) => s.kind === 'job');
    expect(jobStep).toMatchObject({
      status: 'waiting',
      job: { status: 'dispatched', progress: 0, actuator: 'recompute-features' },
    });
    // The job call: signed, keyed by the step, and naming where to report.
    expect(jobCalls()).toHaveLength(1);
    const call = jobCalls()[0]!;
    expect(call.signature).toMatchObject({ ok: true });
    expect(call.headers['idempotency-key']).toBe(`${runId}:${jobStep.index}:job`);
    expect(JSON.parse(call.body)).toMatchObject({
      type: 'ripcord.job',
      job: 'recompute-features',
      run: runId,
      step: jobStep.index,
      report: { method: 'POST', path: `/v1/rollbacks/${runId}/jobs/${jobStep.index}` },
    });
    expect((await releaseOf(id)).release.status).toBe('rolling-back');

    const report = (body: unknown) => t.call('POST', `/v1/rollbacks/${runId}/jobs/${jobStep.index}`, body, oncall);
    expect((await report({ status: 'running', progress: 0.4, message: 'recomputing day 3 of 7' })).status).toBe(200);
    run = await runOf(runId);
    expect(run.steps[jobStep.index].job).toMatchObject({
      status: 'running',
      progress: 0.4,
      reportedBy: 'team-pricing',
    });
    expect(run.status).toBe('running');

    // A restart (a new process on the same store) keeps waiting and does not call the job again.
    await t.stop();
    const clock = t.clock;
    t = await startHttpApp(database, clock);
    expect(await t.services.machine.resumeRuns()).toHaveLength(1);
    t.clock.advance(hours(1));
    await t.services.machine.tick();
    expect(jobCalls()).toHaveLength(1);
    expect((await runOf(runId)).status).toBe('running');

    const done = await report({ status: 'succeeded', message: 'features recomputed' });
    expect(done.body.run).toMatchObject({ status: 'succeeded' });
    expect(done.body.run.steps[jobStep.index]).toMatchObject({
      status: 'done',
      job: { status: 'succeeded', progress: 1 },
    });
    const shown = await releaseOf(id);
    expect(shown.release.status).toBe('rolled-back');
    expect(shown.timeline.map((e: any) => e.kind)).toEqual(
      expect.arrayContaining(['rollback.waiting', 'rollback.continued', 'release.rolled-back']),
    );
    expect((await t.call('GET', '/v1/incidents')).body.incidents.map((i: any) => i.runId)).toContain(runId);
    // A finished job cannot change.
    expect((await report({ status: 'failed' })).status).toBe(409);
    // Every actuator call carried a valid signature, and each key was applied once.
    expect(receiver.requests.every((r) => r.signature?.ok)).toBe(true);
    expect(receiver.requests.every((r) => r.standard === true)).toBe(true);
    expect(receiver.deliveries.size).toBe(new Set(receiver.requests.map((r) => r.headers['idempotency-key'])).size);
  });

  it('fails the run and escalates when the job reports failure; the release is never reported rolled back', async () => {
    const { id, oncall, outcome } = await rollBack(3);
    const runId = outcome.runId as string;
    const index = (await runOf(runId)).steps.find((s: any) => s.kind === 'job').index;
    const failed = await t.call(
      'POST',
      `/v1/rollbacks/${runId}/jobs/${index}`,
      { status: 'failed', message: 'pipeline OOM' },
      oncall,
    );
    expect(failed.body.run.status).toBe('failed');
    expect(failed.body.run.steps[index]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/pipeline OOM/),
    });
    const shown = await releaseOf(id);
    expect(shown.release.status).toBe('paused');
    const event = shown.timeline.find((e: any) => e.kind === 'rollback.failed');
    expect(event.details.escalation).toMatch(/incident commander/);
    expect(shown.timeline.map((e: any) => e.kind)).not.toContain('release.rolled-back');
    // The failed run's incident is escalated from the start, with the failure, and never verified.
    const incident = (await t.call('GET', '/v1/incidents')).body.incidents.find((i: any) => i.runId === runId);
    expect(incident).toMatchObject({ status: 'escalated' });
    expect(incident.verification.failures.join('\n')).toMatch(/pipeline OOM/);
    expect(incident.times.verifiedAt).toBeUndefined();
    const view = (await t.call('GET', `/v1/incidents/${incident.id}`)).body;
    expect(view.metrics).toMatchObject({ firstTry: false, mttrMs: null });
    // A failed run no longer blocks another rollback of the release.
    const again = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'retry at level 2', level: 2 }, oncall);
    expect(again.body).toMatchObject({ status: 'executed', runStatus: 'succeeded' });
    expect(again.body.runId).not.toBe(runId);
  });

  it('fails the run when the job does not succeed by its deadline', async () => {
    const { id, outcome } = await rollBack(3);
    const runId = outcome.runId as string;
    const job = (await runOf(runId)).steps.find((s: any) => s.kind === 'job').job;
    t.clock.set(new Date(Date.parse(job.deadlineAt) - 1000));
    await t.services.machine.tick();
    expect((await runOf(runId)).status).toBe('running');
    t.clock.advance(1000);
    await t.services.machine.tick();
    const run = await runOf(runId);
    expect(run.status).toBe('failed');
    expect(run.steps.find((s: any) => s.kind === 'job').error).toMatch(/deadline/);
    expect((await releaseOf(id)).timeline.some((e: any) => e.kind === 'rollback.failed')).toBe(true);
  });

  it('runs the level-4 jobs in order, retrying an actuator that answers 503 under the same key', async () => {
    let jobs = 0;
    const { oncall, outcome } = await rollBack(4, {
      script: (_n, req) => (req.headers['x-ripcord-event'] === 'actuator.job' && ++jobs <= 2 ? 503 : 202),
    });
    const runId = outcome.runId as string;
    const kinds = async () => (await runOf(runId)).steps.filter((s: any) => s.kind === 'job');
    expect((await kinds()).map((s: any) => s.status)).toEqual(['waiting', 'pending', 'pending']);
    // Three attempts of the first job call, one delivery.
    expect(jobCalls()).toHaveLength(3);
    expect(new Set(jobCalls().map((r) => r.headers['idempotency-key'])).size).toBe(1);
    for (const step of await kinds()) {
      const r = await t.call('POST', `/v1/rollbacks/${runId}/jobs/${step.index}`, { status: 'succeeded' }, oncall);
      expect(r.status).toBe(200);
    }
    const run = await runOf(runId);
    expect(run.status).toBe('succeeded');
    expect(
      run.steps
        .filter((s: any) => s.kind === 'job')
        .map((s: any) => JSON.parse(receiver.deliveries.get(`${runId}:${s.index}:job`)!).job),
    ).toEqual(run.plan.steps.filter((s: any) => s.kind === 'job').map((s: any) => s.job));
  });

  it('fails a level-2 run whose restore actuator refuses the call, and refuses bad actuator declarations', async () => {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database);
    receiver = await startReceiver({ secret: actuatorSecret, now: () => t.clock.now(), script: () => 422 });
    const bad = async (actuators: unknown) =>
      (
        await t.call('POST', '/v1/apply', {
          documents: exampleDocuments('ride-pricing').map((d) => (d.kind === 'Workflow' ? { ...d, actuators } : d)),
        })
      ).body.error?.message as string | undefined;
    expect(await bad({ modle: { url: receiver.url } })).toMatch(/neither a component nor a job kind/);
    expect(await bad({ model: { url: 'http://router.example.com/x' } })).toMatch(/https/);
    expect(await bad({ model: { url: receiver.url, secretEnv: 'RIPCORD_ADMIN_TOKEN' } })).toMatch(
      /RIPCORD_ACTUATOR_SECRET/,
    );
    const docs = ridePricingWithActuators(receiver.url, ['model']);
    expect((await t.call('POST', '/v1/apply', { documents: docs })).status).toBe(200);
    await t.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const id = (await t.call('GET', '/v1/releases')).body.releases[0].id as string;
    const oncall = (await t.call('POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).body.token;
    await t.call('POST', `/v1/releases/${id}/start`);
    const r = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'x', level: 2 }, oncall);
    expect(r.body).toMatchObject({ runStatus: 'failed', releaseStatus: 'paused' });
    const failed = (await runOf(r.body.runId)).steps.find((s: any) => s.status === 'failed');
    expect(failed).toMatchObject({ kind: 'restore', error: expect.stringMatching(/model actuator answered HTTP 422/) });
    // 422 is not retried: one call.
    expect(receiver.requests).toHaveLength(1);
    expect((await releaseOf(id)).release.status).toBe('paused');
  });

  it('leaves a job with no actuator to a person, and answers bad reports with 4xx', async () => {
    const { oncall, outcome } = await rollBack(3, { actuators: [] });
    const runId = outcome.runId as string;
    const run = await runOf(runId);
    const job = run.steps.find((s: any) => s.kind === 'job');
    expect(job.job).toMatchObject({ status: 'manual', actuator: null });
    expect(receiver.requests).toHaveLength(0);
    const post = (step: number, body: unknown, token = oncall) =>
      t.call('POST', `/v1/rollbacks/${runId}/jobs/${step}`, body, token);
    expect((await post(job.index, { status: 'running', progress: 2 })).status).toBe(400);
    expect((await post(job.index, { status: 'done' })).status).toBe(400);
    expect((await post(0, { status: 'running' })).body.error.code).toBe('conflict');
    expect((await post(99, { status: 'running' })).status).toBe(404);
    expect((await t.call('GET', '/v1/rollbacks/run_000000000000')).status).toBe(404);
    const viewer = (await t.call('POST', '/v1/tokens', { subject: 'watcher', role: 'viewer' })).body.token;
    expect((await post(job.index, { status: 'running' }, viewer)).status).toBe(403);
    expect((await t.call('GET', `/v1/rollbacks/${runId}`, undefined, viewer)).status).toBe(200);
    // A `jobs` token reports jobs of its workflow and does nothing else (not even read, nor roll back).
    const jobs = async (scope: unknown) =>
      (await t.call('POST', '/v1/tokens', { subject: 'runner', role: 'jobs', scope })).body.token as string;
    const runner = await jobs({ workflows: ['ride-pricing'] });
    const otherRunner = await jobs({ workflows: ['support-summary'] });
    expect((await post(job.index, { status: 'running' }, otherRunner)).status).toBe(403);
    expect((await t.call('GET', `/v1/rollbacks/${runId}`, undefined, runner)).status).toBe(403);
    expect((await t.call('GET', '/v1/releases', undefined, runner)).status).toBe(403);
    const progress = await post(job.index, { status: 'running', progress: 0.5 }, runner);
    expect(progress.status).toBe(200);
    expect(progress.body.run.steps.find((s: any) => s.index === job.index).job).toMatchObject({ progress: 0.5 });
    expect((await post(job.index, { status: 'succeeded', message: 'ran it by hand' })).body.run.status).toBe(
      'succeeded',
    );
  });
});
