import type { Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { ApiClient } from '../client.js';
import type { CliContext } from '../context.js';
import { emitList } from '../output.js';
import type { SourceDocument } from '../read-documents.js';
import {
  fieldChanges,
  objectName,
  pathParts,
  placeOf,
  readForApply,
  sendDocuments,
  type ApplyResults,
  type FieldChange,
} from './apply-documents.js';
import { existingFiles } from './option-parsers.js';

const fileHelp = 'a YAML or JSON file (multi-document), a directory of them, or "-" for stdin; repeatable';
const ordering =
  '\nA directory stands for its *.yaml, *.yml and *.json files (not subdirectories). Documents are sent\n' +
  'Workflows first, then Bundles, then Releases, and applied in one transaction: all or nothing.';

/** `ripcord apply -f FILE|DIR [--dry-run]` and `ripcord diff -f FILE|DIR`. */
export function registerApply(program: Command, ctx: CliContext): void {
  program
    .command('apply')
    .description('create or update workflows, bundles and releases from YAML or JSON files or directories')
    .requiredOption('-f, --file <file...>', fileHelp, existingFiles)
    .option('--dry-run', 'server-side: the server validates and applies them in a transaction it rolls back')
    .addHelpText(
      'after',
      `${ordering}\n\nExample:\n  ripcord apply -f examples/support-summary.yaml\n  ripcord apply -f deploy/ripcord/ --dry-run\n  cat bundle.yaml | ripcord apply -f -`,
    )
    .action(async (opts: { file: string[]; dryRun?: boolean }, command: Command) => {
      await ctx.run(command, async () => {
        const documents = await readForApply(opts.file);
        const results = await sendDocuments(ctx.client(command), documents, opts.dryRun === true);
        const output = ctx.output(command);
        const suffix = opts.dryRun ? ' (dry run)' : '';
        emitList(output, opts.dryRun ? { dryRun: true, results } : { results }, results, {
          headers: ['kind', 'name', 'result'],
          row: (r) => [r.kind, r.name, `${r.outcome}${suffix}`],
          wide: { headers: ['source'], row: (r) => [documents[r.index] ? placeOf(documents[r.index]!) : '-'] },
          name: (r) => `${r.kind.toLowerCase()}/${r.name}`,
        });
        for (const r of results.filter((x) => x.message))
          output.err(`warning: ${r.kind} ${r.name}${whereOf(documents, r.index)}: ${r.message}`);
      });
    });
  registerDiff(program, ctx);
}

const whereOf = (documents: SourceDocument[], index: number) =>
  documents[index] ? ` (${placeOf(documents[index])})` : '';

function registerDiff(program: Command, ctx: CliContext): void {
  program
    .command('diff')
    .description(
      'what `apply -f` would change: the server says which objects it would create, update or leave (a server-side dry run); the changed fields are then compared here, client-side, with the stored objects',
    )
    .requiredOption('-f, --file <file...>', fileHelp, existingFiles)
    .addHelpText(
      'after',
      `${ordering}\nFields a document leaves out are not compared (the server fills defaults).\n` +
        'Exit 0: no differences; 1: differences; 2: a usage error; 3: refused or the server could not be asked.\n\n' +
        'Example:\n  ripcord diff -f deploy/ripcord/\n  ripcord diff -f examples/support-summary.yaml -o json',
    )
    .action(async (opts: { file: string[] }, command: Command) => {
      let refused = false;
      await ctx.run(command, async () => {
        const documents = await readForApply(opts.file);
        const client = ctx.client(command);
        let results: ApplyResults;
        try {
          results = await sendDocuments(client, documents, true);
        } catch (error) {
          refused = true;
          throw error;
        }
        const changes = await Promise.all(results.map((r) => changesOf(client, r, documents[r.index])));
        const output = ctx.output(command);
        const value = results.map((r, i) => ({ ...r, changes: changes[i] ?? [] }));
        if (output.json)
          output.out(output.yaml ? output.yaml({ results: value }) : JSON.stringify({ results: value }, null, 2));
        else printDiff(output.out, value, documents);
        ctx.exitCode = results.some((r) => r.outcome !== 'unchanged') ? 1 : 0;
      });
      if (refused) ctx.exitCode = 3;
    });
}

/** The fields an update would change, from the stored object (fetched by kind). */
async function changesOf(
  client: ApiClient,
  r: ApplyResults[number],
  doc: SourceDocument | undefined,
): Promise<FieldChange[]> {
  if (r.outcome !== 'updated' || doc === undefined) return [];
  const d = doc.value as Record<string, string>;
  const enc = encodeURIComponent;
  const stored =
    r.kind === 'Workflow'
      ? (await client.get<ApiResult<'getWorkflow'>>(`/v1/workflows/${enc(d.name!)}`)).spec
      : r.kind === 'Release' && r.id
        ? (await client.get<ApiResult<'getRelease'>>(`/v1/releases/${r.id}`)).release.spec
        : (await client.get<ApiResult<'getBundle'>>(`/v1/workflows/${enc(d.workflow!)}/bundles/${enc(d.version!)}`))
            .spec;
  return fieldChanges(stored, doc.value);
}

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));

function printDiff(
  out: (s: string) => void,
  results: (ApplyResults[number] & { changes: FieldChange[] })[],
  documents: SourceDocument[],
): void {
  for (const r of results) {
    const doc = documents[r.index];
    const name = doc ? objectName(doc.value) : `${r.kind} ${r.name}`;
    const where = doc ? ` (${placeOf(doc)})` : '';
    if (r.outcome === 'unchanged') out(`  ${name}${where}: unchanged`);
    else if (r.outcome === 'created') out(`+ ${name}${where}: would be created`);
    else {
      out(`~ ${name}${where}: would be updated`);
      for (const c of r.changes)
        out(`    ${c.path}: ${show(c.from)} → ${show(c.to)}${doc ? `  (line ${doc.lineOf(pathParts(c.path))})` : ''}`);
    }
  }
  const counted = (o: string) => results.filter((r) => r.outcome === o).length;
  out(`${counted('created')} to create, ${counted('updated')} to update, ${counted('unchanged')} unchanged`);
}
