import type { Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';
import { parseValue } from './flags.js';
import { numberBetween, repeatable, usageError } from './option-parsers.js';

const enc = encodeURIComponent;
const base = (workflow: string, env: string) => `/v1/workflows/${enc(workflow)}/environments/${enc(env)}`;

/** `ripcord segments set|unset` and `ripcord traffic set|clear`. */
export function registerSegmentsAndTraffic(program: Command, ctx: CliContext): void {
  const segments = program
    .command('segments')
    .description('named sets of contexts flags and splits can target')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord segments set support-summary enterprise -w plan:eq:enterprise -e production -r "enterprise tier"',
    );
  registerSegments(segments, ctx);
  registerTraffic(program, ctx);
}

function registerSegments(segments: Command, ctx: CliContext): void {
  segments
    .command('set <workflow> <name>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('-r, --reason <reason>', 'why')
    .option(
      '-w, --where <condition>',
      'attribute:op:value, e.g. plan:eq:enterprise or email:ends_with:@corp.com (repeatable; all must hold; for in/not_in separate values with |)',
      repeatable(parseCondition),
      [],
    )
    .description('create or replace a segment')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord segments set support-summary staff -w email:ends_with:@corp.com -e production -r "staff canary"\n  ripcord segments set support-summary big -w plan:in:enterprise|business -e production -r "big plans"',
    )
    .action(
      async (
        workflow: string,
        name: string,
        opts: { env: string; reason: string; where: string[] },
        command: Command,
      ) => {
        await ctx.run(command, async () => {
          const conditions = opts.where.map(parseCondition);
          const r = await ctx
            .client(command)
            .put<ApiResult<'setSegment'>>(`${base(workflow, opts.env)}/segments/${enc(name)}`, {
              conditions,
              reason: opts.reason,
            });
          const output = ctx.output(command);
          emit(output, r, () => output.out(`revision ${r.revision}: segment ${name} set`));
        });
      },
    );
  segments
    .command('unset <workflow> <name>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('-r, --reason <reason>', 'why')
    .description('remove a segment nothing refers to')
    .addHelpText('after', '\nExample:\n  ripcord segments unset support-summary staff -e production -r "canary over"')
    .action(async (workflow: string, name: string, opts: { env: string; reason: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .delete<ApiResult<'deleteSegment'>>(
            `${base(workflow, opts.env)}/segments/${enc(name)}?reason=${enc(opts.reason)}`,
          );
        const output = ctx.output(command);
        emit(output, r, () => output.out(`revision ${r.revision}: segment ${name} removed`));
      });
    });
}

function registerTraffic(program: Command, ctx: CliContext): void {
  const traffic = program
    .command('traffic')
    .description("a release's traffic split between the control and a candidate bundle")
    .addHelpText('after', '\nExample:\n  ripcord traffic clear support-summary -e production -r "back to control"');
  traffic
    .command('set <workflow> <candidate> <percent>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('--release <name>', 'release name (part of the bucketing input)')
    .requiredOption('-r, --reason <reason>', 'why')
    .option('--segment <segment>', 'only contexts in this segment may get the candidate (staff-only canary)')
    .description('send PERCENT of traffic (0–100, steps of 0.01) to the candidate bundle')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord traffic set support-summary 2026-05-02.1 5 -e production --release sonnet-5-tier -r "manual 5% canary"',
    )
    .action(
      async (
        workflow: string,
        candidate: string,
        percent: string,
        opts: { env: string; release: string; reason: string; segment?: string },
        command: Command,
      ) => {
        let share: number;
        try {
          share = numberBetween(0, 100)(percent);
        } catch {
          usageError(ctx, ctx.output(command), `PERCENT must be a number from 0 to 100, got "${percent}"`);
          return;
        }
        await ctx.run(command, async () => {
          const body = {
            release: opts.release,
            candidate,
            percent: share,
            reason: opts.reason,
            ...(opts.segment ? { eligibleSegment: opts.segment } : {}),
          };
          const r = await ctx.client(command).put<ApiResult<'setSplit'>>(`${base(workflow, opts.env)}/split`, body);
          const output = ctx.output(command);
          emit(output, r, () =>
            output.out(`revision ${r.revision}: ${percent}% of ${workflow} in ${opts.env} to ${candidate}`),
          );
        });
      },
    );
  traffic
    .command('clear <workflow>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('-r, --reason <reason>', 'why')
    .description('end the split: everyone gets the control bundle')
    .addHelpText('after', '\nExample:\n  ripcord traffic clear support-summary -e production -r "canary over"')
    .action(async (workflow: string, opts: { env: string; reason: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .delete<ApiResult<'clearSplit'>>(`${base(workflow, opts.env)}/split?reason=${enc(opts.reason)}`);
        const output = ctx.output(command);
        emit(output, r, () => output.out(`revision ${r.revision}: all traffic to the control bundle`));
      });
    });
}

function parseCondition(text: string): { attribute: string; op: string; value: unknown } {
  const [attribute, op, ...rest] = text.split(':');
  const raw = rest.join(':');
  if (!attribute || !op || rest.length === 0) throw new Error(`--where expects attribute:op:value, got "${text}"`);
  const value = op === 'in' || op === 'not_in' ? raw.split('|').map((v) => parseValue(v)) : parseValue(raw);
  return { attribute, op, value };
}
