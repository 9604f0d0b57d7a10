/**
 * Level 3/4 jobs as steps of a run (R5.3): a job step dispatches its job to the job kind's
 * actuator (or, with none declared, leaves it to a person), then waits — persisted, across
 * restarts, without calling again — until the job reports success. A reported failure, or no
 * success by the deadline, fails the step and with it the run.
 */
import { AppError } from '../../errors.js';
import type { PlanStep } from '../releases/planning/rollback-plan.js';
import type { ResolvedActuator } from './actuator-schema.js';
import type { JobState, RunStep } from './run-store.js';

/** Default deadline of a job run by hand (no actuator declared). */
export const MANUAL_JOB_DEADLINE_MS = 6 * 3_600_000;

/** A job status report, as posted by the job's runner or a person. */
export interface JobReport {
  status: 'running' | 'succeeded' | 'failed';
  progress?: number;
  message?: string;
}

/** The job state right after dispatch; a report that arrived first (after a crash) is kept. */
export function dispatchedJob(
  actuator: Pick<ResolvedActuator, 'name' | 'deadlineMs'> | undefined,
  now: Date,
  earlier: JobState | undefined,
): JobState {
  const deadlineMs = actuator?.deadlineMs ?? MANUAL_JOB_DEADLINE_MS;
  const fresh: JobState = {
    status: actuator ? 'dispatched' : 'manual',
    progress: 0,
    actuator: actuator?.name ?? null,
    dispatchedAt: now.toISOString(),
    deadlineAt: new Date(now.getTime() + deadlineMs).toISOString(),
    updatedAt: now.toISOString(),
  };
  return earlier ? { ...fresh, ...earlier, deadlineAt: earlier.deadlineAt || fresh.deadlineAt } : fresh;
}

/** What a waiting job step should do now. */
export type JobVerdict = { kind: 'wait' } | { kind: 'succeeded'; result: string } | { kind: 'failed'; error: string };

/** Judges a waiting job step at `now`. */
export function jobVerdict(step: RunStep, now: Date): JobVerdict {
  const job = step.job;
  if (!job) return { kind: 'failed', error: 'the job step lost its job state' };
  const why = job.message ? `: ${job.message}` : '';
  if (job.status === 'succeeded') return { kind: 'succeeded', result: `job succeeded${why}` };
  if (job.status === 'failed') return { kind: 'failed', error: `the job reported failure${why}` };
  if (now.getTime() >= Date.parse(job.deadlineAt))
    return {
      kind: 'failed',
      error: `the job did not report success by its deadline ${job.deadlineAt} (last: ${job.status}, ${Math.round(job.progress * 100)}%)`,
    };
  return { kind: 'wait' };
}

/**
 * Applies a report to a step. Reports are accepted for a job step that is started (the receiver
 * may answer before the dispatch is recorded) or waiting; a finished job cannot change.
 */
export function applyJobReport(step: RunStep, report: JobReport, by: string, now: Date): JobState {
  if (step.kind !== 'job') throw new AppError('conflict', `step ${step.index} is a ${step.kind} step, not a job`);
  if (step.status === 'done' || step.status === 'failed' || ['succeeded', 'failed'].includes(step.job?.status ?? ''))
    throw new AppError(
      'conflict',
      `the job of step ${step.index} already finished (${step.job?.status ?? step.status})`,
    );
  if (step.status === 'pending') throw new AppError('conflict', `the job of step ${step.index} has not been started`);
  const progress = report.status === 'succeeded' ? 1 : (report.progress ?? step.job?.progress ?? 0);
  const base = step.job ?? dispatchedJob(undefined, now, undefined);
  return {
    ...base,
    status: report.status,
    progress,
    updatedAt: now.toISOString(),
    reportedBy: by,
    ...(report.message !== undefined ? { message: report.message } : {}),
  };
}

/** The body a job's actuator receives. */
export function jobRequestBody(
  step: Extract<PlanStep, { kind: 'job' }>,
  run: { id: string },
  index: number,
  key: string,
  deadlineAt: string,
): Record<string, unknown> {
  return {
    type: 'ripcord.job',
    id: key,
    job: step.job,
    target: step.target,
    level: step.level,
    run: run.id,
    step: index,
    deadline: deadlineAt,
    report: { method: 'POST', path: `/v1/rollbacks/${run.id}/jobs/${index}` },
  };
}
