import type { Command } from 'commander';
import type { ApiResult, BundleDiff } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, shortTime, table } from '../output.js';
import { positiveInteger } from './option-parsers.js';

const enc = encodeURIComponent;
const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));

/** `ripcord workflows` and `ripcord bundles`. */
export function registerRegistry(program: Command, ctx: CliContext): void {
  const workflows = program.command('workflows').description('list and show workflows');
  workflows
    .command('list')
    .description('list workflows')
    .action(async (_o, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx.client(command).get<ApiResult<'listWorkflows'>>('/v1/workflows');
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['name', 'type', 'criticality', 'description'],
            r.workflows.map((w) => [
              w.name,
              w.spec.type,
              w.spec.criticality ?? 'business-critical',
              w.spec.description,
            ]),
          ),
        );
      });
    });
  workflows
    .command('show <workflow>')
    .description('show a workflow as stored')
    .action(async (workflow: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx.client(command).get<ApiResult<'getWorkflow'>>(`/v1/workflows/${enc(workflow)}`);
        ctx.output(command).out(JSON.stringify(r, null, 2));
      });
    });

  const bundles = program
    .command('bundles')
    .description('list, show and diff bundles; archive or delete ones nothing needs');
  bundles
    .command('list <workflow>')
    .option('--archived', 'include archived bundles')
    .description("list a workflow's bundles")
    .action(async (workflow: string, opts: { archived?: boolean }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'listBundles'>>(`/v1/workflows/${enc(workflow)}/bundles`, { includeArchived: opts.archived });
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['version', 'id', 'components', 'created', 'by', 'archived'],
            r.bundles.map((b) => [
              b.version,
              `${b.id.slice(0, 19)}…`,
              Object.keys(b.spec.components).join(','),
              shortTime(b.createdAt),
              b.createdBy,
              shortTime(b.archivedAt),
            ]),
          ),
        );
      });
    });
  bundles
    .command('show <workflow> <version>')
    .description('show one bundle with its id and full manifest')
    .action(async (workflow: string, version: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        ctx
          .output(command)
          .out(
            JSON.stringify(
              await ctx
                .client(command)
                .get<ApiResult<'getBundle'>>(`/v1/workflows/${enc(workflow)}/bundles/${enc(version)}`),
              null,
              2,
            ),
          );
      });
    });
  bundles
    .command('diff <workflow> <from> <to>')
    .description('what changed between two bundles, component by component')
    .addHelpText('after', '\nExample:\n  ripcord bundles diff support-summary 2026-04-10.1 2026-05-02.1')
    .action(async (workflow: string, from: string, to: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const d = await ctx
          .client(command)
          .get<ApiResult<'diffBundles'>>(`/v1/workflows/${enc(workflow)}/diff`, { from, to });
        const output = ctx.output(command);
        emit(output, d, () => printDiff(output.out, d));
      });
    });
  bundles
    .command('retention <workflow> <version>')
    .description('what still needs a bundle (labels, releases, cool-downs)')
    .action(async (workflow: string, version: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'getBundleRetention'>>(`/v1/workflows/${enc(workflow)}/bundles/${enc(version)}/retention`);
        const output = ctx.output(command);
        emit(output, r, () =>
          output.out(
            r.retained
              ? `retained:\n${r.reasons.map((x) => `  - ${x.message}`).join('\n')}`
              : 'not retained: it may be archived or deleted',
          ),
        );
      });
    });
  for (const action of ['archive', 'unarchive', 'delete'] as const) {
    bundles
      .command(`${action} <workflow> <version>`)
      .description(
        action === 'unarchive'
          ? 'bring an archived bundle back'
          : `${action} a bundle (refused while a label, release or cool-down needs it)`,
      )
      .action(async (workflow: string, version: string, _o, command: Command) => {
        await ctx.run(command, async () => {
          const path = `/v1/workflows/${enc(workflow)}/bundles/${enc(version)}`;
          const client = ctx.client(command);
          const r =
            action === 'delete'
              ? await client.delete<ApiResult<'deleteBundle'>>(path)
              : await client.post<ApiResult<'archiveBundle' | 'unarchiveBundle'>>(`${path}/${action}`);
          const output = ctx.output(command);
          emit(output, r, () => output.out(`${action}d ${workflow}/${version}`));
        });
      });
  }
  registerLabels(program, ctx);
}

function printDiff(out: (s: string) => void, d: BundleDiff): void {
  out(`${d.from} → ${d.to}`);
  const changed = d.components.filter((c) => c.status !== 'unchanged');
  for (const c of changed) {
    out(`  ${c.component} (${c.status})`);
    for (const ch of c.changes) out(`    ${ch.path}: ${show(ch.from)} → ${show(ch.to)}`);
  }
  const same = d.components.filter((c) => c.status === 'unchanged').map((c) => c.component);
  if (same.length > 0) out(`  unchanged: ${same.join(', ')}`);
  if (d.flags.length > 0)
    out(`  flags:\n${d.flags.map((f) => `    ${f.path}: ${show(f.from)} → ${show(f.to)}`).join('\n')}`);
  if (d.requires.length > 0)
    out(`  requires:\n${d.requires.map((f) => `    ${f.path}: ${show(f.from)} → ${show(f.to)}`).join('\n')}`);
  if (changed.length === 0 && d.flags.length === 0 && d.requires.length === 0) out('  no differences');
}

function registerLabels(program: Command, ctx: CliContext): void {
  const labels = program
    .command('labels')
    .description('environment labels (production, candidate, previous, any name) and their history');
  labels
    .command('list <workflow>')
    .option('-e, --env <environment>', 'only this environment')
    .description("where a workflow's labels point")
    .action(async (workflow: string, opts: { env?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'listLabels'>>(`/v1/workflows/${enc(workflow)}/labels`, { environment: opts.env });
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['environment', 'label', 'bundle', 'since', 'by'],
            r.labels.map((l) => [l.environment, l.label, l.bundleVersion, shortTime(l.updatedAt), l.updatedBy]),
          ),
        );
      });
    });
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
  labels
    .command('history <workflow>')
    .option('-e, --env <environment>', 'only this environment')
    .option('-l, --label <label>', 'only this label')
    .option('--limit <n>', 'at most this many moves', positiveInteger, '100')
    .description('every move of the labels, newest first, with who, when and why')
    .action(async (workflow: string, opts: { env?: string; label?: string; limit: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'listLabelHistory'>>(`/v1/workflows/${enc(workflow)}/label-history`, {
            environment: opts.env,
            label: opts.label,
            limit: opts.limit,
          });
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['at', 'environment', 'label', 'from', 'to', 'actor', 'reason'],
            r.history.map((m) => [
              shortTime(m.at),
              m.environment,
              m.label,
              m.fromVersion,
              m.toVersion,
              m.actor,
              m.reason,
            ]),
          ),
        );
      });
    });
}
