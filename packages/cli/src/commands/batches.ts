import type { Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, shortTime, table } from '../output.js';

const base = (workflow: string) => `/v1/workflows/${encodeURIComponent(workflow)}/batch-outputs`;

/** `ripcord batches register|list|invalidate` (R5.4). */
export function registerBatches(program: Command, ctx: CliContext): void {
  const batches = program
    .command('batches')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord batches list ride-pricing --version 42\n  ripcord batches invalidate ride-pricing --version 42 -r "bad features"',
    )
    .description('outputs of batch jobs by the bundle version that produced them (R5.4)');
  registerBatchOutput(batches, ctx);
  listBatchOutputs(batches, ctx);
  invalidateBatchOutputs(batches, ctx);
}

/** `ripcord batches register`: a batch job records what it wrote. */
function registerBatchOutput(batches: Command, ctx: CliContext): void {
  batches
    .command('register <workflow>')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord batches register ride-pricing --version 42 --key nightly-prices --batch run-2026-12-07 --input-hash sha256:ab12 --location s3://prices/2026-12-07.parquet --output-hash sha256:cd34 --started 2026-12-07T02:00:00Z --finished 2026-12-07T02:40:00Z',
    )
    .requiredOption('--version <version>', 'the bundle version that produced it')
    .requiredOption('--key <batchKey>', 'the batch key (a re-run with the same key supersedes)')
    .requiredOption('--batch <batchId>', 'this run of the batch')
    .requiredOption('--input-hash <hash>', 'hash of the input file')
    .requiredOption('--location <uri>', 'where the output is')
    .requiredOption('--output-hash <hash>', 'hash of the output')
    .option('--count <n>', 'how many items it wrote', (v) => Number.parseInt(v, 10))
    .requiredOption('--started <time>', 'ISO time the job started')
    .requiredOption('--finished <time>', 'ISO time the job finished')
    .description('register a batch output')
    .action(async (workflow: string, o: Record<string, string | number | undefined>, command: Command) => {
      await ctx.run(command, async () => {
        const body = {
          bundleVersion: String(o.version),
          batchKey: String(o.key),
          batchId: String(o.batch),
          inputHash: String(o.inputHash),
          location: String(o.location),
          outputHash: String(o.outputHash),
          ...(o.count !== undefined ? { items: { count: Number(o.count) } } : {}),
          startedAt: String(o.started),
          finishedAt: String(o.finished),
        };
        const r = await ctx.client(command).post<ApiResult<'registerBatchOutput'>>(base(workflow), body);
        const output = ctx.output(command);
        emit(output, r, () =>
          output.out(
            r.duplicate
              ? `${r.output.id}: already registered (nothing changed)`
              : `${r.output.id}: registered${r.superseded.length > 0 ? `; superseded ${r.superseded.join(', ')}` : ''}`,
          ),
        );
      });
    });
}

/** `ripcord batches list`: a workflow's outputs, by version and status. */
function listBatchOutputs(batches: Command, ctx: CliContext): void {
  batches
    .command('list <workflow>')
    .addHelpText('after', '\nExample:\n  ripcord batches list ride-pricing --version 42 --status valid')
    .option('--version <version>', 'only outputs of this bundle version')
    .option('--status <status>', 'valid, superseded or invalidated')
    .description('batch outputs, newest first')
    .action(async (workflow: string, o: { version?: string; status?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const q = new URLSearchParams({
          ...(o.version ? { version: o.version } : {}),
          ...(o.status ? { status: o.status } : {}),
        });
        const r = await ctx.client(command).get<ApiResult<'listBatchOutputs'>>(`${base(workflow)}?${q.toString()}`);
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['id', 'version', 'batch key', 'status', 'finished', 'location'],
            r.outputs.map((x) => [x.id, x.bundleVersion, x.batchKey, x.status, shortTime(x.finishedAt), x.location]),
          ),
        );
      });
    });
}

/** `ripcord batches invalidate`: a bad version's outputs marked invalid. */
function invalidateBatchOutputs(batches: Command, ctx: CliContext): void {
  batches
    .command('invalidate <workflow>')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord batches invalidate ride-pricing --version 42 -r "rolled back: feature drift" --incident inc_0123456789ab',
    )
    .requiredOption('--version <version>', 'the bad version whose outputs are invalid')
    .requiredOption('-r, --reason <reason>', 'why (kept in the record)')
    .option('--incident <id>', 'the incident this belongs to (recorded on its timeline)')
    .option('--id <id...>', 'only these outputs')
    .description("mark a version's valid batch outputs invalid (who, when, why)")
    .action(
      async (
        workflow: string,
        o: { version: string; reason: string; incident?: string; id?: string[] },
        command: Command,
      ) => {
        await ctx.run(command, async () => {
          const body = {
            version: o.version,
            reason: o.reason,
            ...(o.incident ? { incident: o.incident } : {}),
            ...(o.id ? { ids: o.id } : {}),
          };
          const r = await ctx
            .client(command)
            .post<ApiResult<'invalidateBatchOutputs'>>(`${base(workflow)}/invalidate`, body);
          const output = ctx.output(command);
          emit(output, r, () => {
            output.out(`invalidated ${r.invalidated.length} output(s) of ${workflow} ${o.version}`);
            for (const x of r.invalidated) output.out(`  ${x.id} ${x.batchKey} ${x.location}`);
          });
        });
      },
    );
}
