import type { Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

const descriptions = {
  'restore-route':
    'restore the previous model and prompt route (the running release’s level-1 rollback, else production → previous)',
  'disable-tools': 'turn tool execution off; answers without tools continue',
  'human-review': 'move automatic actions to human review; requests already routed keep the mode they started with',
} as const;

/** `ripcord ops restore-route|disable-tools|human-review WORKFLOW` (R3.4). */
export function registerOperations(program: Command, ctx: CliContext): void {
  const ops = program
    .command('ops')
    .description('the three operations a release must prove (R3.4), one command each')
    .addHelpText('after', '\nExample:\n  ripcord ops disable-tools support-summary -r "unsafe refund calls"');
  for (const [operation, description] of Object.entries(descriptions)) {
    ops
      .command(`${operation} <workflow>`)
      .option('-e, --env <environment>', 'environment', 'production')
      .requiredOption('-r, --reason <reason>', 'why (kept in the record)')
      .description(description)
      .addHelpText('after', `\nExample:\n  ripcord ops ${operation} support-summary -e production -r "schema failures"`)
      .action(async (workflow: string, opts: { env: string; reason: string }, command: Command) => {
        await ctx.run(command, async () => {
          const path = `/v1/workflows/${encodeURIComponent(workflow)}/environments/${encodeURIComponent(opts.env)}/operations/${operation}`;
          const r = await ctx.client(command).post<ApiResult<'runOperation'>>(path, { reason: opts.reason });
          const output = ctx.output(command);
          emit(output, r, () => output.out(r.summary));
        });
      });
  }
}
