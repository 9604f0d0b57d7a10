import { Option, type Command } from 'commander';
import type { ApiClient } from '../client.js';
import type { ApiResult, RollbackJob, RollbackRun } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, shortTime, type Output } from '../output.js';
import { numberBetween, usageError } from './option-parsers.js';
import { resolveRelease } from './release-ref.js';

const BAR_WIDTH = 24;

/** A text progress bar: `[#########---------------]  40%`. */
export function progressBar(fraction: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.round(f * 100)).padStart(3)}%`;
}

/** One line per step; a job step adds its progress bar. */
export function runLines(run: RollbackRun): string[] {
  const lines = [
    `run ${run.id} (${run.level}) ${run.status.toUpperCase()} — release ${run.releaseId}, by ${run.actor}: ${run.reason}`,
  ];
  for (const s of run.steps) {
    const detail = s.status === 'failed' ? `: ${s.error ?? 'failed'}` : s.result ? ` — ${s.result}` : '';
    lines.push(`  ${`[${s.status}]`.padEnd(10)} ${s.index + 1}. ${s.text}${detail}`);
    if (s.job) lines.push(`             ${jobLine(s.job)}`);
  }
  if (run.finishedAt) lines.push(`finished ${shortTime(run.finishedAt)}`);
  return lines;
}

function jobLine(job: RollbackJob): string {
  const by = job.actuator ? `via the ${job.actuator} actuator` : 'run by hand (no actuator): report it';
  return `${progressBar(job.progress)} ${job.status}${job.message ? `: ${job.message}` : ''} (${by}; deadline ${shortTime(job.deadlineAt)})`;
}

/** Finds a run by id (`run_…`), or the newest run of a release (id, WORKFLOW/ENV/NAME or name). */
async function resolveRun(client: ApiClient, ref: string): Promise<RollbackRun> {
  if (/^run_[0-9a-f]{12}$/.test(ref))
    return (await client.get<ApiResult<'getRollbackRun'>>(`/v1/rollbacks/${ref}`)).run;
  const release = await resolveRelease(client, ref);
  const { runs } = await client.get<ApiResult<'listRollbackRuns'>>('/v1/rollbacks', { release: release.id });
  if (!runs[0]) {
    const pending =
      release.status === 'running' || release.status === 'paused' ? release.state.pendingRollback : undefined;
    throw new Error(
      pending
        ? `release ${release.name} has no rollback run yet: a ${pending.level} rollback waits for approval by ${pending.remaining.join(', ') || 'its approvers'} until ${pending.expiresAt} (\`ripcord releases approve ${release.name} -r REASON\`)`
        : `release ${release.name} has no rollback run`,
    );
  }
  return runs[0];
}

/** Polls a run until it is no longer running; on a terminal redraws, otherwise prints each change once. */
async function watch(
  client: ApiClient,
  first: RollbackRun,
  output: Output,
  tty: boolean,
  intervalMs: number,
): Promise<RollbackRun> {
  let run = first;
  let shown = runLines(run);
  for (const line of shown) output.out(line);
  while (run.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    run = (await client.get<ApiResult<'getRollbackRun'>>(`/v1/rollbacks/${run.id}`)).run;
    const next = runLines(run);
    if (tty) {
      // Move up over the previous drawing and clear it, then draw again.
      output.out(`\x1b[${shown.length}A\x1b[0J${next.join('\n')}`);
    } else {
      for (const line of next) if (!shown.includes(line)) output.out(line);
    }
    shown = next;
  }
  return run;
}

/** `ripcord rollback status` and `ripcord rollback job` under the `rollback` command. */
export function registerRollbackRuns(rollback: Command, ctx: CliContext): void {
  rollback
    .command('status <run-or-release>')
    .option('-w, --watch', 'follow the run until it succeeds or fails (progress bars on a terminal)')
    .option('--interval <seconds>', 'how often --watch asks the server', numberBetween(0.01, 3600), 2)
    .description("show a rollback run's steps and the progress of its level 3/4 jobs (a release shows its newest run)")
    .addHelpText(
      'after',
      '\nExample:\n  ripcord rollback status run_0123456789ab --watch\n  ripcord rollback status demand-gbm-42 -o json',
    )
    .action(async (ref: string, opts: { watch?: boolean; interval: number }, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const output = ctx.output(command);
        const interval = opts.interval;
        let run = await resolveRun(client, ref);
        if (opts.watch && !output.json) {
          const tty = process.stdout.isTTY === true && ctx.env.TERM !== 'dumb';
          run = await watch(client, run, output, tty, interval * 1000);
        } else if (opts.watch) {
          while (run.status === 'running') {
            await new Promise((resolve) => setTimeout(resolve, interval * 1000));
            run = (await client.get<ApiResult<'getRollbackRun'>>(`/v1/rollbacks/${run.id}`)).run;
          }
          output.out(JSON.stringify(run, null, 2));
        } else {
          emit(output, run, () => runLines(run).forEach((l) => output.out(l)));
        }
        if (run.status === 'failed') ctx.exitCode = 1;
      });
    });
  rollback
    .command('job <run> <step>')
    .addOption(
      new Option('-s, --status <status>', 'running | succeeded | failed')
        .choices(['running', 'succeeded', 'failed'])
        .makeOptionMandatory(),
    )
    .option('-p, --progress <fraction>', 'progress from 0 to 1', numberBetween(0, 1))
    .option('-m, --message <text>', 'what the job is doing, or why it failed')
    .description("report a level 3/4 job's status (STEP is the step's number as shown by `rollback status`)")
    .addHelpText(
      'after',
      '\nExample:\n  ripcord rollback job run_0123456789ab 2 -s running -p 0.4 -m "retraining on the March snapshot"\n  ripcord rollback job run_0123456789ab 2 -s succeeded',
    )
    .action(
      async (
        runId: string,
        step: string,
        opts: { status: string; progress?: number; message?: string },
        command: Command,
      ) => {
        const index = /^\d+$/.test(step) ? Number(step) - 1 : -1;
        if (index < 0) {
          usageError(ctx, ctx.output(command), `STEP must be a step number (1 for the first step), got "${step}"`);
          return;
        }
        await ctx.run(command, async () => {
          const body = {
            status: opts.status,
            ...(opts.progress !== undefined ? { progress: opts.progress } : {}),
            ...(opts.message !== undefined ? { message: opts.message } : {}),
          };
          const { run } = await ctx
            .client(command)
            .post<ApiResult<'reportRollbackJob'>>(`/v1/rollbacks/${runId}/jobs/${index}`, body);
          const output = ctx.output(command);
          emit(output, run, () => runLines(run).forEach((l) => output.out(l)));
          if (run.status === 'failed') ctx.exitCode = 1;
        });
      },
    );
}
