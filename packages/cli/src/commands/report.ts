import type { Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

type Section = ApiResult<'getEffectivenessReport'>['overall'];

/** `ripcord report [--since 30d] [--workflow W]` (R8.2). */
export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord report --since 30d\n  ripcord report -w support-summary --since 12h -o json',
    )
    .option('-s, --since <since>', 'a duration back from now (30d, 12h) or an ISO time', '30d')
    .option('-w, --workflow <workflow>', 'only this workflow')
    .description(
      'effectiveness (R8.2): MTTD, MTTR per level, first-try rollbacks, blast radius, drills, frequency, root causes',
    )
    .action(async (opts: { since: string; workflow?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const q = new URLSearchParams({ since: opts.since, ...(opts.workflow ? { workflow: opts.workflow } : {}) });
        const r = await ctx.client(command).get<ApiResult<'getEffectivenessReport'>>(`/v1/report?${q.toString()}`);
        const output = ctx.output(command);
        emit(output, r, () => {
          output.out(`effectiveness from ${r.since} to ${r.until}`);
          if (!r.workflow) printSection(output.out, 'all workflows', r.overall);
          for (const s of r.workflows) printSection(output.out, s.workflow ?? 'all workflows', s);
        });
      });
    });
}

const mark = (met: boolean | null) => (met === null ? '–' : met ? '✓' : '✗');
const secs = (s: number | null) => (s === null ? '–' : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);
const pct = (r: number | null) => (r === null ? '–' : `${Math.round(r * 1000) / 10} %`);

/** One section: each measure against its target (✓ met, ✗ missed, – no data). */
export function printSection(out: (line: string) => void, title: string, s: Section): void {
  out('');
  out(`${title}: ${s.incidents} incident${s.incidents === 1 ? '' : 's'}`);
  const levels = Object.entries(s.rollbacks.byLevel)
    .map(([l, n]) => `${l} ${n}`)
    .join(', ');
  out(`  rollbacks      ${s.rollbacks.count} (${s.rollbacks.perWeek}/week)${levels ? `: ${levels}` : ''}`);
  out(
    `  ${mark(s.mttd.met)} MTTD        p50 ${secs(s.mttd.p50Seconds)}, p90 ${secs(s.mttd.p90Seconds)} (target ${secs(s.mttd.targetSeconds)}, ${s.mttd.count} measured)`,
  );
  for (const m of s.mttr)
    out(
      `  ${mark(m.met)} MTTR ${m.level.padEnd(7)} p50 ${secs(m.p50Seconds)}, p90 ${secs(m.p90Seconds)}${m.targetSeconds === null ? '' : ` (target ${secs(m.targetSeconds)})`}`,
    );
  out(
    `  ${mark(s.firstTry.met)} first try   ${pct(s.firstTry.rate)} (${s.firstTry.successes}/${s.firstTry.finished}; target ${pct(s.firstTry.target)})`,
  );
  out(`  blast radius   ${s.blastRadius.requests} requests, ${s.blastRadius.distinctKeys} distinct keys`);
  out(
    `  ${mark(s.drills.met)} drills      ${pct(s.drills.rate)} (${s.drills.passed}/${s.drills.expected} scheduled passed, ${s.drills.failed} failed; target 100 %)`,
  );
  const causes = s.rootCauses.map((c) => `${c.cause} ${c.count}`).join(', ');
  out(`  root causes    ${causes || 'none reviewed'}${s.unreviewed ? ` (${s.unreviewed} not reviewed)` : ''}`);
}
