import { Option, type Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';

/** `ripcord runbook WORKFLOW [--format md|html|json] [-e ENV]` (R8.3). */
export function registerRunbook(program: Command, ctx: CliContext): void {
  program
    .command('runbook <workflow>')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord runbook support-summary\n  ripcord runbook ride-pricing --format html > runbook.html',
    )
    .option('-e, --env <environment>', 'environment', 'production')
    .addOption(new Option('-f, --format <format>', 'md, html or json').choices(['md', 'html', 'json']).default('md'))
    .description(
      'the runbook and decision matrix: each trigger → decision → level → first action → approval → verification → customer message; procedure, recovery, owners, communication',
    )
    .action(async (workflow: string, opts: { env: string; format: 'md' | 'html' | 'json' }, command: Command) => {
      await ctx.run(command, async () => {
        const path = `/v1/workflows/${encodeURIComponent(workflow)}/environments/${encodeURIComponent(opts.env)}/runbook?format=${opts.format}`;
        const r = await ctx.client(command).get<ApiResult<'getRunbook'>>(path);
        const output = ctx.output(command);
        if (opts.format === 'json' || !r.rendered) {
          const { rendered: _rendered, ...runbook } = r;
          output.out(JSON.stringify(runbook, null, 2));
        } else output.out(r.rendered.replace(/\n$/, ''));
      });
    });
}
