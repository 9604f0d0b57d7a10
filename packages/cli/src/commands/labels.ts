import type { Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, emitList, shortTime } from '../output.js';
import { positiveInteger } from './option-parsers.js';

const enc = encodeURIComponent;

/** `ripcord labels get|set|history`. */
export function registerLabels(program: Command, ctx: CliContext): void {
  const labels = program
    .command('labels')
    .description('environment labels (production, candidate, previous, any name) and their history')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord labels get ride-pricing\n  ripcord labels history ride-pricing -e production',
    );
  registerGet(labels, ctx);
  registerSet(labels, ctx);
  registerHistory(labels, ctx);
}

function registerGet(labels: Command, ctx: CliContext): void {
  labels
    .command('get <workflow>')
    .alias('list')
    .option('-e, --env <environment>', 'only this environment')
    .description("where a workflow's labels point")
    .addHelpText('after', '\nExample:\n  ripcord labels get ride-pricing -e production')
    .action(async (workflow: string, opts: { env?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'listLabels'>>(`/v1/workflows/${enc(workflow)}/labels`, { environment: opts.env });
        emitList(ctx.output(command), r, r.labels, {
          headers: ['environment', 'label', 'bundle', 'since', 'by'],
          row: (l) => [l.environment, l.label, l.bundleVersion, shortTime(l.updatedAt), l.updatedBy],
          name: (l) => `label/${workflow}/${l.environment}/${l.label}`,
        });
      });
    });
}

function registerSet(labels: Command, ctx: CliContext): void {
  labels
    .command('set <workflow> <label> <version>')
    .requiredOption('-e, --env <environment>', 'environment, e.g. production')
    .requiredOption('-r, --reason <reason>', 'why the label moves (kept in the history)')
    .description('point a label at a bundle; restoring an earlier production state is one such move')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord labels set ride-pricing production 41 --env production --reason "restore pre-42 pricing"',
    )
    .action(
      async (
        workflow: string,
        label: string,
        version: string,
        opts: { env: string; reason: string },
        command: Command,
      ) => {
        await ctx.run(command, async () => {
          const r = await ctx
            .client(command)
            .put<ApiResult<'setLabel'>>(
              `/v1/workflows/${enc(workflow)}/environments/${enc(opts.env)}/labels/${enc(label)}`,
              { version, reason: opts.reason },
            );
          const output = ctx.output(command);
          emit(output, r, () =>
            output.out(
              r.moved
                ? `${workflow} [${opts.env}] ${label}: ${r.move?.fromVersion ?? '(unset)'} → ${version}`
                : `${workflow} [${opts.env}] ${label} already points at ${version}`,
            ),
          );
        });
      },
    );
}

function registerHistory(labels: Command, ctx: CliContext): void {
  labels
    .command('history <workflow>')
    .option('-e, --env <environment>', 'only this environment')
    .option('-l, --label <label>', 'only this label')
    .option('--limit <n>', 'at most this many moves', positiveInteger, '100')
    .description('every move of the labels, newest first, with who, when and why')
    .addHelpText('after', '\nExample:\n  ripcord labels history ride-pricing -e production -l production --limit 10')
    .action(async (workflow: string, opts: { env?: string; label?: string; limit: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'listLabelHistory'>>(`/v1/workflows/${enc(workflow)}/label-history`, {
            environment: opts.env,
            label: opts.label,
            limit: opts.limit,
          });
        emitList(ctx.output(command), r, r.history, {
          headers: ['at', 'environment', 'label', 'from', 'to', 'actor', 'reason'],
          row: (m) => [shortTime(m.at), m.environment, m.label, m.fromVersion, m.toVersion, m.actor, m.reason],
          name: (m) => `label/${workflow}/${m.environment}/${m.label}`,
        });
      });
    });
}
