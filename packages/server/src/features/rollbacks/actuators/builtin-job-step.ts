/**
 * A level 3/4 job step run by a built-in kind (table-restore): the server starts the job itself,
 * keeps its handle in the step's job state, and polls it on each pass of the run (the release
 * tick drives waiting runs on), reporting progress as a person's or a runner's report would. A
 * step whose job has a handle never starts another: after a crash it polls the same job.
 */
import type { PlanStep, RollbackPlan } from '../../releases/planning/rollback-plan.js';
import { dispatchedJob } from '../job-steps.js';
import type { JobState, RunStep } from '../run-store.js';
import { jobDeadlineMs, pollJob, startJob, type ActuationDeps } from './actuation.js';
import type { BuiltinSpec } from './builtin-kinds.js';

/** The job state after dispatching `step` to a built-in kind, or why it could not start. */
export async function dispatchBuiltinJob(
  step: RunStep,
  planStep: Extract<PlanStep, { kind: 'job' }>,
  plan: RollbackPlan,
  spec: BuiltinSpec,
  now: Date,
  deps: ActuationDeps,
): Promise<{ ok: true; job: JobState } | { ok: false; error: string }> {
  if (step.job?.handle !== undefined) return { ok: true, job: step.job };
  const started = await startJob(planStep.job, spec, plan, deps);
  if (!started.ok) return started;
  const job = dispatchedJob({ name: planStep.job, deadlineMs: jobDeadlineMs(spec) }, now, step.job);
  const at = now.toISOString();
  if (started.handle === null)
    return { ok: true, job: { ...job, status: 'succeeded', progress: 1, message: started.detail, updatedAt: at } };
  return {
    ok: true,
    job: {
      ...job,
      status: 'running',
      handle: started.handle,
      message: started.detail,
      updatedAt: at,
      reportedBy: 'ripcord',
    },
  };
}

/** The job state after one poll of a waiting built-in job; undefined when there is nothing to poll. */
export async function pollBuiltinJob(
  step: RunStep,
  plan: RollbackPlan,
  spec: BuiltinSpec,
  now: Date,
  deps: ActuationDeps,
): Promise<JobState | undefined> {
  const job = step.job;
  if (!job?.handle || job.status === 'succeeded' || job.status === 'failed') return undefined;
  const polled = await pollJob(job.actuator ?? step.kind, spec, plan, job.handle, deps);
  const base = { ...job, updatedAt: now.toISOString(), reportedBy: 'ripcord' };
  if (polled.kind === 'finished') return { ...base, status: 'succeeded', progress: 1, message: polled.message };
  if (polled.kind === 'failed') return { ...base, status: 'failed', message: polled.error };
  return {
    ...base,
    status: 'running',
    progress: polled.progress < 0 ? job.progress : polled.progress,
    message: polled.message,
  };
}
