import type { Command } from 'commander';
import type { ApiResult, BundleDiff } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, emitList, shortTime } from '../output.js';
import { registerLabels } from './labels.js';

const enc = encodeURIComponent;
const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));

/** `ripcord workflows`, `ripcord bundles` and `ripcord labels`. */
export function registerRegistry(program: Command, ctx: CliContext): void {
  const workflows = program
    .command('workflows')
    .description('get and describe workflows')
    .addHelpText('after', '\nExample:\n  ripcord workflows get\n  ripcord workflows describe support-summary -o yaml');
  registerWorkflowGet(workflows, ctx);
  const bundles = program
    .command('bundles')
    .description('get, describe and diff bundles; archive or delete ones nothing needs')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord bundles get support-summary\n  ripcord bundles diff support-summary 2026-04-10.1 2026-05-02.1',
    );
  registerBundleGet(bundles, ctx);
  registerBundleDiff(bundles, ctx);
  registerBundleLifecycle(bundles, ctx);
  registerLabels(program, ctx);
}

function registerWorkflowGet(workflows: Command, ctx: CliContext): void {
  workflows
    .command('get [workflow]')
    .alias('list')
    .description('list workflows, or one')
    .addHelpText('after', '\nExample:\n  ripcord workflows get\n  ripcord get workflows -o name')
    .action(async (name: string | undefined, _o, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const r = name
          ? { workflows: [await client.get<ApiResult<'getWorkflow'>>(`/v1/workflows/${enc(name)}`)] }
          : await client.get<ApiResult<'listWorkflows'>>('/v1/workflows');
        emitList(ctx.output(command), name ? r.workflows[0] : r, r.workflows, {
          headers: ['name', 'type', 'criticality', 'description'],
          row: (w) => [w.name, w.spec.type, w.spec.criticality ?? 'business-critical', w.spec.description],
          name: (w) => `workflow/${w.name}`,
        });
      });
    });
  workflows
    .command('describe <workflow>')
    .alias('show')
    .description('show a workflow as stored (JSON unless -o yaml)')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord workflows describe support-summary\n  ripcord describe workflow ride-pricing -o yaml',
    )
    .action(async (workflow: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx.client(command).get<ApiResult<'getWorkflow'>>(`/v1/workflows/${enc(workflow)}`);
        const output = ctx.output(command);
        emit(
          output,
          r,
          () => output.out(JSON.stringify(r, null, 2)),
          () => [`workflow/${r.name}`],
        );
      });
    });
}

function registerBundleGet(bundles: Command, ctx: CliContext): void {
  bundles
    .command('get <workflow>')
    .alias('list')
    .option('--archived', 'include archived bundles')
    .description("list a workflow's bundles")
    .addHelpText(
      'after',
      '\nExample:\n  ripcord bundles get support-summary --archived\n  ripcord get bundles ride-pricing -o wide',
    )
    .action(async (workflow: string, opts: { archived?: boolean }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'listBundles'>>(`/v1/workflows/${enc(workflow)}/bundles`, { includeArchived: opts.archived });
        emitList(ctx.output(command), r, r.bundles, {
          headers: ['version', 'id', 'components', 'created', 'by', 'archived'],
          row: (b) => [
            b.version,
            `${b.id.slice(0, 19)}…`,
            Object.keys(b.spec.components).join(','),
            shortTime(b.createdAt),
            b.createdBy,
            shortTime(b.archivedAt),
          ],
          wide: { headers: ['full id', 'description'], row: (b) => [b.id, b.spec.description] },
          name: (b) => `bundle/${b.workflow}/${b.version}`,
        });
      });
    });
  bundles
    .command('describe <workflow> <version>')
    .alias('show')
    .description('show one bundle with its id and full manifest (JSON unless -o yaml)')
    .addHelpText('after', '\nExample:\n  ripcord bundles describe support-summary 2026-05-02.1 -o yaml')
    .action(async (workflow: string, version: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'getBundle'>>(`/v1/workflows/${enc(workflow)}/bundles/${enc(version)}`);
        const output = ctx.output(command);
        emit(
          output,
          r,
          () => output.out(JSON.stringify(r, null, 2)),
          () => [`bundle/${r.workflow}/${r.version}`],
        );
      });
    });
}

function registerBundleDiff(bundles: Command, ctx: CliContext): void {
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
}

function registerBundleLifecycle(bundles: Command, ctx: CliContext): void {
  bundles
    .command('retention <workflow> <version>')
    .description('what still needs a bundle (labels, releases, cool-downs)')
    .addHelpText('after', '\nExample:\n  ripcord bundles retention ride-pricing 41')
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
      .addHelpText('after', `\nExample:\n  ripcord bundles ${action} ride-pricing 40`)
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
