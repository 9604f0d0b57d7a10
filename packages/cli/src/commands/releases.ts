import type { Command } from 'commander';
import type { ApiResult, Release } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, emitList, shortTime } from '../output.js';
import { resolveRelease } from './release-ref.js';
import { registerReleaseInputs } from './release-inputs.js';
import { detailText, printReadiness, stageText } from './release-text.js';
import { registerReleaseWatch } from './release-watch.js';
import { registerReadinessAndRollback } from './rollback-commands.js';

/** `ripcord releases …`, `ripcord readiness`, `ripcord rollback …`. */
export function registerReleases(program: Command, ctx: CliContext): void {
  const releases = program
    .command('releases')
    .description('release tickets: get, describe, watch, start, and move them by hand')
    .addHelpText('after', '\nExample:\n  ripcord releases get --active\n  ripcord releases watch sonnet-5-tier');
  registerGet(releases, ctx);
  registerDescribe(releases, ctx);
  registerReleaseWatch(releases, ctx);
  registerStart(releases, ctx);
  registerMoves(releases, ctx);
  registerReleaseInputs(releases, ctx);
  registerApprovals(releases, ctx);
  registerAcknowledge(releases, ctx);
  registerReadinessAndRollback(program, ctx);
}

/** The kind/name `-o name` prints for a release, which every RELEASE argument accepts. */
export const releaseName = (x: Release) => `release/${x.workflow}/${x.environment}/${x.name}`;

function registerGet(releases: Command, ctx: CliContext): void {
  releases
    .command('get [release]')
    .alias('list')
    .option('-w, --workflow <workflow>', 'only this workflow')
    .option('--active', 'only releases that have not ended')
    .description('releases, newest first, or one (RELEASE: id, WORKFLOW/ENV/NAME or name)')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord releases get --active\n  ripcord releases get sonnet-5-tier -o wide\n  ripcord get releases -w support-summary -o name',
    )
    .action(async (ref: string | undefined, opts: { workflow?: string; active?: boolean }, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const r = ref
          ? { releases: [await resolveRelease(client, ref)] }
          : await client.get<ApiResult<'listReleases'>>('/v1/releases', {
              workflow: opts.workflow,
              active: opts.active,
            });
        emitList(ctx.output(command), ref ? r.releases[0] : r, r.releases, {
          headers: ['id', 'workflow', 'env', 'name', 'status', 'stage', 'control → candidate', 'created'],
          row: (x) => [
            x.id,
            x.workflow,
            x.environment,
            x.name,
            x.status,
            stageText(x),
            `${x.spec.control} → ${x.spec.candidate}`,
            shortTime(x.createdAt),
          ],
          wide: {
            headers: ['by', 'started', 'finished'],
            row: (x) => [x.createdBy, shortTime(x.startedAt), shortTime(x.finishedAt)],
          },
          name: releaseName,
        });
      });
    });
}

function registerDescribe(releases: Command, ctx: CliContext): void {
  releases
    .command('describe <release>')
    .alias('show')
    .description('a release with its timeline and decisions (RELEASE: id, WORKFLOW/ENV/NAME or name)')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord releases describe sonnet-5-tier\n  ripcord describe release rel_0123456789ab -o json',
    )
    .action(async (ref: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const r = await client.get<ApiResult<'getRelease'>>(`/v1/releases/${(await resolveRelease(client, ref)).id}`);
        const output = ctx.output(command);
        emit(
          output,
          r,
          () => {
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
          },
          () => [releaseName(r.release)],
        );
      });
    });
}

function registerStart(releases: Command, ctx: CliContext): void {
  releases
    .command('start <release>')
    .description('start a pending release; refused with the reasons unless readiness passes (R2.3)')
    .addHelpText('after', '\nExample:\n  ripcord releases start sonnet-5-tier')
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
}

function registerMoves(releases: Command, ctx: CliContext): void {
  for (const action of ['pause', 'resume', 'abort', 'promote'] as const) {
    releases
      .command(`${action} <release>`)
      .requiredOption('-r, --reason <reason>', 'why (kept in the record)')
      .description(`${action} a release by hand`)
      .addHelpText(
        'after',
        `\nExample:\n  ripcord releases ${action} sonnet-5-tier -r "on-call: ${action} while we look"`,
      )
      .action(async (ref: string, opts: { reason: string }, command: Command) => {
        await ctx.run(command, async () => {
          const client = ctx.client(command);
          const r = await client.post<ApiResult<`${typeof action}Release`>>(
            `/v1/releases/${(await resolveRelease(client, ref)).id}/${action}`,
            { reason: opts.reason },
          );
          const output = ctx.output(command);
          emit(output, r, () => output.out(`${r.name}: ${r.status}`));
        });
      });
  }
}

function registerApprovals(releases: Command, ctx: CliContext): void {
  for (const verdict of ['grant', 'refuse'] as const) {
    const verb = verdict === 'grant' ? 'approve' : 'refuse';
    releases
      .command(`${verb} <release>`)
      .requiredOption('-r, --reason <reason>', 'why (kept in the record)')
      .description(
        verdict === 'grant'
          ? 'approve the rollback waiting for approval; it runs once its approvals are complete'
          : 'refuse the rollback waiting for approval',
      )
      .addHelpText('after', `\nExample:\n  ripcord releases ${verb} sonnet-5-tier -r "checked the dashboards"`)
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
}

function registerAcknowledge(releases: Command, ctx: CliContext): void {
  releases
    .command('acknowledge <release>')
    .description("the team lead acknowledges a level-2 rollback's notification (due within 15 minutes)")
    .addHelpText('after', '\nExample:\n  ripcord releases acknowledge sonnet-5-tier')
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
}
