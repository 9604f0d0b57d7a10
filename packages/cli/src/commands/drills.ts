import type { Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, shortTime, table } from '../output.js';
import { levelNumber } from './option-parsers.js';

type Drill = ApiResult<'getDrill'>;

/** `ripcord drills run|list|show` (R8.1). */
export function registerDrills(program: Command, ctx: CliContext): void {
  const drills = program
    .command('drills')
    .addHelpText('after', '\nExample:\n  ripcord drills run support-summary\n  ripcord drills list -w support-summary')
    .description('rollback drills: a real rollback for the drill segment only, restored and verified (R8.1)');
  drills
    .command('run <workflow>')
    .addHelpText('after', '\nExample:\n  ripcord drills run support-summary --level 2 -e production')
    .option('-e, --env <environment>', 'environment', 'production')
    .option(
      '-l, --level <n>',
      'rollback level to drill (1 or 2; default: the Workflow’s drills.level, else 1)',
      levelNumber,
    )
    .option('-r, --reason <reason>', 'why (kept in the record)', 'rollback drill')
    .description(
      'run a rollback drill now: rollback for the drill segment, verify, restore, verify; exits 1 unless it passes',
    )
    .action(async (workflow: string, opts: { env: string; level?: string; reason: string }, command: Command) => {
      await ctx.run(command, async () => {
        const path = `/v1/workflows/${encodeURIComponent(workflow)}/environments/${encodeURIComponent(opts.env)}/drills`;
        const body = { reason: opts.reason, ...(opts.level ? { level: Number(opts.level) as 1 | 2 | 3 | 4 } : {}) };
        const d = await ctx.client(command).post<ApiResult<'runDrill'>>(path, body);
        const output = ctx.output(command);
        emit(output, d, () => printDrill(output.out, d));
        if (d.status !== 'passed') ctx.exitCode = 1;
      });
    });
  drills
    .command('list')
    .addHelpText('after', '\nExample:\n  ripcord drills list -w ride-pricing -o wide')
    .option('-w, --workflow <workflow>', 'only this workflow')
    .description('drills, newest first')
    .action(async (opts: { workflow?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const q = opts.workflow ? `?workflow=${encodeURIComponent(opts.workflow)}` : '';
        const r = await ctx.client(command).get<ApiResult<'listDrills'>>(`/v1/drills${q}`);
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['id', 'workflow', 'env', 'level', 'status', 'by', 'started', 'rollback'],
            r.drills.map((d) => [
              d.id,
              d.workflow,
              d.environment,
              d.level,
              d.status,
              d.actor,
              shortTime(d.startedAt),
              d.rollbackMs === null ? null : `${d.rollbackMs} ms`,
            ]),
          ),
        );
      });
    });
  drills
    .command('show <id>')
    .addHelpText('after', '\nExample:\n  ripcord drills show drill_0123456789ab')
    .description('a drill with its steps, times and verifications')
    .action(async (id: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const d = await ctx.client(command).get<ApiResult<'getDrill'>>(`/v1/drills/${encodeURIComponent(id)}`);
        const output = ctx.output(command);
        emit(output, d, () => printDrill(output.out, d));
      });
    });
}

/** A drill: what moved, each step with its time, both verifications, the result. */
export function printDrill(out: (line: string) => void, d: Drill): void {
  out(
    `drill ${d.id}: ${d.workflow} in ${d.environment}, level ${d.level}, segment ${d.segment}: ${d.production ?? '?'} → ${d.target ?? '?'} → ${d.production ?? '?'}`,
  );
  out(`  by ${d.actor} (${d.trigger}) at ${d.startedAt}: ${d.reason}`);
  for (const s of d.steps)
    out(
      `  ${s.status === 'done' ? '✓' : s.status === 'failed' ? '✗' : '-'} ${s.phase.padEnd(14)} ${String(s.ms).padStart(6)} ms  ${s.text}${s.result ? ` — ${s.result}` : ''}`,
    );
  if (d.rollbackMs !== null) out(`  rollback took ${d.rollbackMs} ms (readiness estimates use it)`);
  out(
    d.status === 'passed' ? '  passed: rolled back, verified, restored, verified' : `  ${d.status}: ${d.failure ?? ''}`,
  );
}
