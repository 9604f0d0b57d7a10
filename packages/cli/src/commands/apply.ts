import type { Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, table } from '../output.js';
import { existingFiles } from './option-parsers.js';

/** `ripcord apply -f FILE`. */
export function registerApply(program: Command, ctx: CliContext): void {
  program
    .command('apply')
    .description('create or update workflows, bundles and releases from YAML or JSON (multi-document; "-" reads stdin)')
    .requiredOption('-f, --file <file...>', 'file(s) to apply; "-" for stdin', existingFiles)
    .addHelpText(
      'after',
      '\nExample:\n  ripcord apply -f examples/support-summary.yaml\n  cat bundle.yaml | ripcord apply -f -',
    )
    .action(async (opts: { file: string[] }, command: Command) => {
      await ctx.run(command, async () => {
        // yaml is loaded only by the commands that read files (issue 12: a fast start for the rest).
        const { readDocuments } = await import('../read-documents.js');
        const documents = opts.file.flatMap((f) => readDocuments(f));
        const response = await ctx.client(command).post<ApiResult<'applyDocuments'>>('/v1/apply', { documents });
        const output = ctx.output(command);
        emit(output, response, () =>
          table(
            output,
            ['kind', 'name', 'result'],
            response.results.map((r) => [r.kind, r.name, r.outcome]),
          ),
        );
        for (const r of response.results.filter((x) => x.message))
          output.err(`warning: ${r.kind} ${r.name}: ${r.message}`);
      });
    });
}
