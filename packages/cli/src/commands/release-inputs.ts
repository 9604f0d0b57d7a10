import fs from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ApiResult } from '@ripcord/protocol/api';
import { emit } from '../output.js';
import { existingFiles, positiveInteger, usageError, wholeNumber } from './option-parsers.js';
import { resolveRelease } from './release-ref.js';

/** What a release takes in besides its ticket: offline evidence and reference distributions. */
export function registerReleaseInputs(releases: Command, ctx: CliContext): void {
  registerEvidence(releases, ctx);
  registerReference(releases, ctx);
}

function registerEvidence(releases: Command, ctx: CliContext): void {
  releases
    .command('evidence <release>')
    .requiredOption('--tasks <n>', 'offline tasks run (a whole number ≥ 1)', positiveInteger)
    .requiredOption('--passed <n>', 'tasks that passed (a whole number from 0 to --tasks)', wholeNumber)
    .option(
      '--dataset <id>',
      "the evaluated task set (e.g. sha256:41d07c3be912); another than the plan's does not count",
    )
    .option('--notes <text>', 'notes for the record')
    .description(
      "record the offline evaluation's evidence; it is judged against the plan's tasks and the candidate's evaluation thresholds (exit 1 unless it passed)",
    )
    .addHelpText(
      'after',
      '\nExample:\n  ripcord releases evidence sonnet-5-tier --tasks 1000 --passed 998 --dataset sha256:41d07c3be912',
    )
    .action(
      async (
        ref: string,
        opts: { tasks: string; passed: string; dataset?: string; notes?: string },
        command: Command,
      ) => {
        await ctx.run(command, async () => {
          const client = ctx.client(command);
          const body = {
            tasks: Number(opts.tasks),
            passed: Number(opts.passed),
            ...(opts.dataset ? { dataset: opts.dataset } : {}),
            ...(opts.notes ? { notes: opts.notes } : {}),
          };
          const r = await client.post<ApiResult<'recordOfflineEvidence'>>(
            `/v1/releases/${(await resolveRelease(client, ref)).id}/offline-evidence`,
            body,
          );
          const output = ctx.output(command);
          const verdict = r.offline.verdict;
          emit(output, r, () =>
            output.out(
              `${r.name}: offline evidence ${verdict} (${opts.passed}/${opts.tasks} passed)${verdict !== 'passed' ? `: ${r.offline.reason}` : ''}`,
            ),
          );
          if (verdict !== 'passed') ctx.exitCode = 1;
          else if (r.status === 'paused')
            output.err(`note: ${r.name} is still paused; \`ripcord releases resume ${r.name} -r REASON\` continues it`);
        });
      },
    );
}

function registerReference(releases: Command, ctx: CliContext): void {
  releases
    .command('reference <release>')
    .requiredOption(
      '-f, --file <file>',
      'JSON: {"distributions": {"<series>": {"edges": [...], "proportions": [...]}}}',
      (v) => existingFiles(v, undefined)[0]!,
    )
    .description(
      'declare the reference distributions its driftFromReference gates compare with (before `releases start`)',
    )
    .addHelpText(
      'after',
      '\nA series is `prediction` or a feature a driftFromReference gate lists. Edges strictly increasing;\n' +
        'one proportion per bin (edges + 1), summing to 1. See docs/releases.md "Reference distributions".\n\n' +
        'Example:\n  ripcord releases reference demand-gbm-42 -f refs.json',
    )
    .action(async (ref: string, opts: { file: string }, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        let body: unknown;
        try {
          body = JSON.parse(fs.readFileSync(opts.file, 'utf8')) as unknown;
        } catch (error) {
          usageError(ctx, ctx.output(command), `${opts.file}: not JSON (${(error as Error).message})`);
          return;
        }
        const r = await client.put<ApiResult<'declareReferences'>>(
          `/v1/releases/${(await resolveRelease(client, ref)).id}/references`,
          body,
        );
        const output = ctx.output(command);
        emit(output, r, () => {
          output.out(`${r.release}: reference distributions declared for ${r.declared.join(', ')}`);
          if (r.missing.length > 0)
            output.out(`still missing (those gates stay inconclusive): ${r.missing.join(', ')}`);
        });
      });
    });
}
