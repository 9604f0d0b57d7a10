import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ApiResult, Readiness, Release, RollbackPlan, WorkflowReadiness } from '@ripcord/protocol/api';

/** One step's built-in actuator calls in a dry run. */
type ActuationView = ApiResult<'rollbackDryRun'>['actuations'][number];
import { emit, shortTime, table } from '../output.js';
import { levelNumber } from './option-parsers.js';
import { resolveRelease } from './release-ref.js';
import { registerReleaseInputs } from './release-inputs.js';
import { registerRollbackRuns } from './rollbacks.js';

function stageText(r: Release): string {
  if (r.stage < 0) return '-';
  const stage = r.spec.plan[r.stage];
  const kind = (['offline', 'canary', 'promote'] as const).find((k) => stage?.[k] !== undefined) ?? '?';
  const detail = stage?.canary ? ` ${stage.canary.percent}%` : stage?.offline ? ` ${stage.offline.tasks} tasks` : '';
  return `${r.stage + 1}/${r.spec.plan.length} ${kind}${detail}`;
}

/** Prints a rollback plan as a person reads it. */
export function printPlan(out: (s: string) => void, plan: RollbackPlan): void {
  out(`plan: ${plan.status}, ${plan.level}${plan.reason ? ` (${plan.reason})` : ''} — ${plan.estimate.text}`);
  plan.steps.forEach((s, i) => out(`  ${i + 1}. ${s.text}`));
  for (const r of plan.refusals) out(`  refused ${r.level}: ${r.reason}${r.escalatedTo ? ` → ${r.escalatedTo}` : ''}`);
  for (const n of plan.noops) out(`  no-op: ${n.what} (${n.reason})`);
  for (const c of plan.cannotUndo) out(`  cannot undo: ${c.text}`);
  if (plan.invalidate) {
    out(
      `  invalidate ${plan.invalidate.outputs.length} batch output(s) of ${plan.candidate}: ${plan.invalidate.command}`,
    );
    for (const o of plan.invalidate.outputs) out(`    ${o.id} ${o.batchKey} ${o.location}`);
  }
  for (const n of plan.notes) out(`  note: ${n}`);
}

/** Prints the exact calls of the plan's built-in actuators, under the steps that make them. */
export function printActuations(out: (s: string) => void, actuations: readonly ActuationView[]): void {
  if (actuations.length === 0) return;
  out('actuator calls (dry run: nothing was changed):');
  for (const a of actuations) {
    out(`  step ${a.step + 1}, ${a.actuator} actuator (${a.kind}): ${a.effect}`);
    if (a.problem) out(`    cannot run as shown: ${a.problem}`);
    for (const c of a.calls) {
      out(`    ${c.purpose.padEnd(9)} ${c.method} ${c.url}`);
      for (const [name, value] of Object.entries(c.headers)) out(`              ${name}: ${value}`);
      if (c.body !== undefined) out(`              ${JSON.stringify(c.body)}`);
    }
  }
}

/** `ripcord releases …`, `ripcord readiness`, `ripcord rollback …`. */
export function registerReleases(program: Command, ctx: CliContext): void {
  const releases = program.command('releases').description('release tickets: list, show, start, and move them by hand');
  releases
    .command('list')
    .option('-w, --workflow <workflow>', 'only this workflow')
    .option('--active', 'only releases that have not ended')
    .description('releases, newest first')
    .action(async (opts: { workflow?: string; active?: boolean }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'listReleases'>>('/v1/releases', { workflow: opts.workflow, active: opts.active });
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['id', 'workflow', 'env', 'name', 'status', 'stage', 'control → candidate', 'created'],
            r.releases.map((x) => [
              x.id,
              x.workflow,
              x.environment,
              x.name,
              x.status,
              stageText(x),
              `${x.spec.control} → ${x.spec.candidate}`,
              shortTime(x.createdAt),
            ]),
          ),
        );
      });
    });
  releases
    .command('show <release>')
    .description('a release with its timeline and decisions (RELEASE: id, WORKFLOW/ENV/NAME or name)')
    .action(async (ref: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const r = await client.get<ApiResult<'getRelease'>>(`/v1/releases/${(await resolveRelease(client, ref)).id}`);
        const output = ctx.output(command);
        emit(output, r, () => {
          const x = r.release;
          output.out(
            `${x.id}  ${x.workflow}/${x.environment}/${x.name}: ${x.status}, stage ${stageText(x)}, ${x.spec.control} → ${x.spec.candidate}`,
          );
          if (x.status === 'running' && x.state.stage.bakeEndsAt)
            output.out(`bake ends ${shortTime(x.state.stage.bakeEndsAt)}`);
          output.out('timeline:');
          for (const e of r.timeline)
            output.out(`  ${shortTime(e.at)}  ${e.kind.padEnd(28)} ${e.actor}${detailText(e.details)}`);
          if (r.decisions.length > 0) output.out('decisions:');
          for (const d of r.decisions) output.out(`  ${shortTime(d.at)}  ${d.kind.padEnd(16)} ${d.reasoning}`);
        });
      });
    });
  releases
    .command('start <release>')
    .description('start a pending release; refused with the reasons unless readiness passes (R2.3)')
    .action(async (ref: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const r = await client.post<ApiResult<'startRelease'>>(
          `/v1/releases/${(await resolveRelease(client, ref)).id}/start`,
        );
        const output = ctx.output(command);
        emit(output, r, () => {
          if (r.started) output.out(`started ${r.release.name}: stage ${stageText(r.release)}`);
          else {
            output.out(`${r.release.name} was not started (still ${r.release.status}): readiness is blocked`);
            printReadiness(output.out, r.readiness);
          }
          for (const w of r.readiness.warnings) output.err(`warning: ${w}`);
        });
        if (!r.started) ctx.exitCode = 1;
      });
    });
  for (const action of ['pause', 'resume', 'abort', 'promote'] as const) {
    releases
      .command(`${action} <release>`)
      .requiredOption('-r, --reason <reason>', 'why (kept in the record)')
      .description(`${action} a release by hand`)
      .action(async (ref: string, opts: { reason: string }, command: Command) => {
        await ctx.run(command, async () => {
          const client = ctx.client(command);
          const r = await client.post<ApiResult<`${typeof action}Release`>>(
            `/v1/releases/${(await resolveRelease(client, ref)).id}/${action}`,
            {
              reason: opts.reason,
            },
          );
          const output = ctx.output(command);
          emit(output, r, () => output.out(`${r.name}: ${r.status}`));
        });
      });
  }
  registerReleaseInputs(releases, ctx);
  for (const verdict of ['grant', 'refuse'] as const) {
    releases
      .command(`${verdict === 'grant' ? 'approve' : 'refuse'} <release>`)
      .requiredOption('-r, --reason <reason>', 'why (kept in the record)')
      .description(
        verdict === 'grant'
          ? 'approve the rollback waiting for approval; it runs once its approvals are complete'
          : 'refuse the rollback waiting for approval',
      )
      .action(async (ref: string, opts: { reason: string }, command: Command) => {
        await ctx.run(command, async () => {
          const client = ctx.client(command);
          const r = await client.post<ApiResult<'answerApproval'>>(
            `/v1/releases/${(await resolveRelease(client, ref)).id}/approvals`,
            { verdict, reason: opts.reason },
          );
          const output = ctx.output(command);
          emit(output, r, () => output.out(`${r.status}: ${r.summary}`));
          // The server refused what the approval asked for (403 already fails in ctx.run), or the run failed.
          if (r.status === 'refused' || ('runStatus' in r && r.runStatus === 'failed')) ctx.exitCode = 1;
        });
      });
  }
  releases
    .command('acknowledge <release>')
    .description("the team lead acknowledges a level-2 rollback's notification (due within 15 minutes)")
    .action(async (ref: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const r = await client.post<ApiResult<'acknowledgeRollback'>>(
          `/v1/releases/${(await resolveRelease(client, ref)).id}/acknowledge`,
        );
        const output = ctx.output(command);
        const lead = 'teamLead' in r.state ? r.state.teamLead : undefined;
        const at = lead?.answer === 'acknowledged' ? lead.at : undefined;
        emit(output, r, () => output.out(`${r.name}: acknowledged at ${shortTime(at)}`));
      });
    });
  registerReadinessAndRollback(program, ctx);
}

/** The one line of detail a timeline entry shows: its reason or summary, when it has one. */
function detailText(details: Record<string, unknown>): string {
  const text = details.reason ?? details.summary;
  return typeof text === 'string' ? `: ${text}` : '';
}

function printReadiness(out: (s: string) => void, r: Readiness): void {
  out(r.ready ? 'ready' : 'blocked:');
  for (const b of r.blockers) out(`  - ${b}`);
  for (const c of r.checks) out(`  health ${c.component} ${c.url}: ${c.ok ? 'ok' : 'FAILED'} (${c.detail})`);
  for (const s of r.signals ?? []) {
    const gates = s.gates.length > 0 ? ` · gates ${s.gates.join(', ')}` : '';
    out(`  signal ${s.system} ${s.source}${s.url ? ` ${s.url}` : ''}: ${s.status} — ${s.detail}${gates}`);
  }
  if (r.plan) printPlan(out, r.plan);
}

/** What a rollback of production would return to, or that there is nothing to return to. */
function printProductionRollback(out: (s: string) => void, r: NonNullable<WorkflowReadiness['rollback']>): void {
  if (r.target === null) return;
  out(`rollback to ${r.target} (${r.targetFrom === 'previous-label' ? 'the previous label' : 'the label history'})`);
}

function registerReadinessAndRollback(program: Command, ctx: CliContext): void {
  program
    .command('readiness <workflow>')
    .option('-e, --env <environment>', 'environment', 'production')
    .description(
      'is the rollback path proven, and how long would a rollback take right now? (the active release of WORKFLOW, else a rollback of what production serves)',
    )
    .action(async (workflow: string, opts: { env: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'getWorkflowReadiness'>>(
            `/v1/workflows/${encodeURIComponent(workflow)}/environments/${encodeURIComponent(opts.env)}/readiness`,
          );
        const output = ctx.output(command);
        emit(output, r, () => {
          if (r.release) output.out(`${workflow}/${opts.env}, release ${r.release.name} (${r.release.status})`);
          else
            output.out(
              `${workflow}/${opts.env}, no active release: production serves ${r.rollback?.production ?? 'nothing'}`,
            );
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
        });
        if (!r.ready && r.release?.status === 'pending') ctx.exitCode = 1;
      });
    });
  const rollback = program.command('rollback').description('plan or run a rollback of a release');
  rollback
    .command('plan <release>')
    .option('-l, --level <n>', 'ask for at least this level (1–4)', levelNumber)
    .description(
      "show the rollback that would run now, with the exact calls of the workflow's built-in actuators, without acting (dry run)",
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
  rollback
    .command('run <release>')
    .requiredOption('-r, --reason <reason>', 'why (kept in the record)')
    .option('-l, --level <n>', 'ask for at least this level (1–4)', levelNumber)
    .description('roll back now; authority is checked and approvals may be needed (R6)')
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
  registerRollbackRuns(rollback, ctx);
}
