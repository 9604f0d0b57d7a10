import type { Command } from 'commander';
import type { ApiResult, WorkflowReadiness } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, type Output } from '../output.js';
import { levelNumber } from './option-parsers.js';
import { resolveRelease } from './release-ref.js';
import { printActuations, printPlan, printProductionRollback, printReadiness } from './release-text.js';
import { registerRollbackRuns } from './rollbacks.js';

/** `ripcord readiness` and `ripcord rollback plan|run|status|job`. */
export function registerReadinessAndRollback(program: Command, ctx: CliContext): void {
  registerReadiness(program, ctx);
  const rollback = program
    .command('rollback')
    .description('plan or run a rollback of a release')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord rollback plan sonnet-5-tier\n  ripcord rollback run sonnet-5-tier -r "schema failures"',
    );
  registerPlan(rollback, ctx);
  registerRun(rollback, ctx);
  registerRollbackRuns(rollback, ctx);
}

function registerReadiness(program: Command, ctx: CliContext): void {
  program
    .command('readiness <workflow>')
    .option('-e, --env <environment>', 'environment', 'production')
    .description(
      'is the rollback path proven, and how long would a rollback take right now? (the active release of WORKFLOW, else a rollback of what production serves)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  ripcord readiness support-summary\n  ripcord readiness ride-pricing -e staging',
    )
    .action(async (workflow: string, opts: { env: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'getWorkflowReadiness'>>(
            `/v1/workflows/${encodeURIComponent(workflow)}/environments/${encodeURIComponent(opts.env)}/readiness`,
          );
        const output = ctx.output(command);
        emit(output, r, () => printWorkflowReadiness(output, workflow, opts.env, r));
        if (!r.ready && r.release?.status === 'pending') ctx.exitCode = 1;
      });
    });
}

function printWorkflowReadiness(output: Output, workflow: string, env: string, r: WorkflowReadiness): void {
  if (r.release) output.out(`${workflow}/${env}, release ${r.release.name} (${r.release.status})`);
  else output.out(`${workflow}/${env}, no active release: production serves ${r.rollback?.production ?? 'nothing'}`);
  if (r.rollback) printProductionRollback(output.out, r.rollback);
  printReadiness(output.out, r);
  if (r.rollback?.levels.length) {
    for (const l of r.rollback.levels)
      output.out(
        l.status === 'available'
          ? `  ${l.estimate.text}`
          : `  ${l.level.replace('level', 'level ')}: ${l.status}${l.reason ? ` (${l.reason})` : ''}`,
      );
    output.out(
      r.rollback.estimate
        ? `rollback now: ${r.rollback.estimate.text}${r.rollback.command ? ` — ${r.rollback.command}` : ''}`
        : 'rollback now: no level can run',
    );
  }
  for (const w of r.warnings) output.out(`  warning: ${w}`);
}

function registerPlan(rollback: Command, ctx: CliContext): void {
  rollback
    .command('plan <release>')
    .option('-l, --level <n>', 'ask for at least this level (1–4)', levelNumber)
    .description(
      "show the rollback that would run now, with the exact calls of the workflow's built-in actuators, without acting (dry run)",
    )
    .addHelpText(
      'after',
      '\nExample:\n  ripcord rollback plan sonnet-5-tier\n  ripcord rollback plan sonnet-5-tier --level 3',
    )
    .action(async (ref: string, opts: { level?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const release = (await resolveRelease(client, ref)).id;
        const { plan, actuations } = await client.get<ApiResult<'rollbackDryRun'>>('/v1/rollbacks/dry-run', {
          release,
          level: opts.level,
        });
        const output = ctx.output(command);
        // --json keeps the plan's fields at the top level, with the actuator calls beside them.
        emit(output, { ...plan, actuations }, () => {
          printPlan(output.out, plan);
          printActuations(output.out, actuations);
        });
      });
    });
}

function registerRun(rollback: Command, ctx: CliContext): void {
  rollback
    .command('run <release>')
    .requiredOption('-r, --reason <reason>', 'why (kept in the record)')
    .option('-l, --level <n>', 'ask for at least this level (1–4)', levelNumber)
    .description('roll back now; authority is checked and approvals may be needed (R6)')
    .addHelpText('after', '\nExample:\n  ripcord rollback run sonnet-5-tier -r "schema failures on the canary"')
    .action(async (ref: string, opts: { reason: string; level?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const body = { reason: opts.reason, ...(opts.level ? { level: Number(opts.level) } : {}) };
        const r = await client.post<ApiResult<'rollBackRelease'>>(
          `/v1/releases/${(await resolveRelease(client, ref)).id}/rollback`,
          body,
        );
        const output = ctx.output(command);
        emit(output, r, () => {
          output.out(`${r.status}: ${r.summary}`);
          printPlan(output.out, r.plan);
          if (r.runId && r.runStatus !== 'succeeded')
            output.out(`follow it: ripcord rollback status ${r.runId} --watch`);
        });
        if ((r.status !== 'executed' && r.status !== 'no-op') || r.runStatus === 'failed') ctx.exitCode = 1;
      });
    });
}
