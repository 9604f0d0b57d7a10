import fs from 'node:fs';
import type { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, table } from '../output.js';
import { existingFiles } from './option-parsers.js';

/** Reads a file (or stdin for "-") and parses every YAML/JSON document in it. */
export function readDocuments(file: string, stdin: () => string = () => fs.readFileSync(0, 'utf8')): unknown[] {
  const text = file === '-' ? stdin() : readFile(file);
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new Error(`${file === '-' ? 'stdin' : file}: ${e.message}`);
    }
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) out.push(value);
  }
  if (out.length === 0) throw new Error(`${file === '-' ? 'stdin' : file}: no documents found`);
  return out;
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

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
