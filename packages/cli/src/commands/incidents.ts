import { Option, type Command } from 'commander';
import type { ApiResult, IncidentShown } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, emitList, shortTime } from '../output.js';

/** The root cause categories a review picks from: the server's cause-categories.ts, kept equal by test/cause-categories.test.ts (the API rejects others). */
export const CAUSE_CATEGORIES = [
  'model',
  'prompt',
  'retrieval',
  'tools',
  'output-schema',
  'feature-pipeline',
  'data',
  'provider',
  'infrastructure',
  'configuration',
  'evaluation-gap',
  'other',
] as const;

/** A duration for people: 42 s, 4 min 10 s, 2 h 5 min. */
export function duration(ms: number | null): string {
  if (ms === null) return 'not measured';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** `ripcord incidents list|show|review`. */
export function registerIncidents(program: Command, ctx: CliContext): void {
  const incidents = program
    .command('incidents')
    .description('one incident per rollback: timeline, MTTD, MTTR, blast radius, review')
    .addHelpText('after', '\nExample:\n  ripcord incidents get\n  ripcord incidents describe inc_0123456789ab');
  registerGet(incidents, ctx);
  registerReview(incidents, ctx);
}

function registerGet(incidents: Command, ctx: CliContext): void {
  incidents
    .command('get')
    .alias('list')
    .description('incidents, newest first')
    .addHelpText('after', '\nExample:\n  ripcord incidents get\n  ripcord get incidents -o wide')
    .action(async (_o, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx.client(command).get<ApiResult<'listIncidents'>>('/v1/incidents');
        emitList(ctx.output(command), r, r.incidents, {
          headers: ['id', 'release', 'status', 'opened', 'restored', 'verified'],
          row: (i) => [
            i.id,
            i.releaseId,
            i.status,
            shortTime(i.openedAt),
            shortTime(i.times.restoredAt),
            shortTime(i.times.verifiedAt),
          ],
          wide: {
            headers: ['detected', 'decided', 'reviewed by'],
            row: (i) => [shortTime(i.times.detectedAt), shortTime(i.times.decidedAt), i.review?.by],
          },
          name: (i) => `incident/${i.id}`,
        });
      });
    });
  incidents
    .command('describe <id>')
    .alias('show')
    .description('the timeline with MTTD, MTTR and blast radius')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord incidents describe inc_0123456789ab\n  ripcord describe incident inc_0123456789ab -o yaml',
    )
    .action(async (id: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const v = await ctx.client(command).get<ApiResult<'getIncident'>>(`/v1/incidents/${encodeURIComponent(id)}`);
        const output = ctx.output(command);
        emit(
          output,
          v,
          () => printIncident(output.out, v),
          () => [`incident/${v.incident.id}`],
        );
      });
    });
}

function registerReview(incidents: Command, ctx: CliContext): void {
  incidents
    .command('review <id>')
    .requiredOption('--root-cause <text>', 'what caused it')
    .requiredOption('--remediation <text>', 'what fixed it')
    .requiredOption('--prevention <text>', 'what keeps it from happening again')
    .addOption(
      new Option('--cause <category>', 'the root cause category (counted by `ripcord report`)').choices([
        ...CAUSE_CATEGORIES,
      ]),
    )
    .description('record the post-incident review and close the incident')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord incidents review inc_0123456789ab --root-cause "prompt change broke the schema" \\\n    --remediation "level-1 rollback" --prevention "schema gate on every prompt change"',
    )
    .action(
      async (
        id: string,
        opts: { rootCause: string; remediation: string; prevention: string; cause?: (typeof CAUSE_CATEGORIES)[number] },
        command: Command,
      ) => {
        await ctx.run(command, async () => {
          const r = await ctx
            .client(command)
            .post<ApiResult<'reviewIncident'>>(`/v1/incidents/${encodeURIComponent(id)}/review`, opts);
          const output = ctx.output(command);
          emit(output, r, () => output.out(`${r.id}: ${r.status}`));
        });
      },
    );
}

function printIncident(out: (s: string) => void, v: IncidentShown): void {
  const { incident: i, release: r, metrics: m } = v;
  out(`${i.id}  ${r.workflow}/${r.environment} release ${r.name} (${r.candidate} → ${r.control}): ${i.status}`);
  out(
    `  MTTD ${duration(m.mttdMs)} (first exposure → detection)   MTTR ${duration(m.mttrMs)} (decision → verified restore)`,
  );
  const blast = i.blastRadius
    ? `${i.blastRadius.requests} requests, ${i.blastRadius.distinctKeys} distinct keys served by the candidate`
    : 'not measured (no outcome events)';
  out(`  blast radius: ${blast}`);
  out(`  ${m.level} rollback, ${m.firstTry ? 'succeeded on the first try' : 'NOT a first-try success'}`);
  for (const g of i.verification?.gates ?? [])
    out(`  fired gate on the restored route: ${g.gate} ${g.state}: ${g.sentence}`);
  if (i.verification?.failures.length)
    out(`  verification failed: ${i.verification.failures.join('; ')} — escalated: the incident commander is paged`);
  printEvidence(out, v.evidence);
  out('timeline:');
  for (const e of v.timeline)
    out(`  ${shortTime(e.at)}  ${e.kind.padEnd(26)} ${e.actor}${e.summary ? `: ${e.summary}` : ''}`);
  if (i.review)
    out(
      `review (${i.review.by}): root cause${i.review.cause ? ` (${i.review.cause})` : ''}: ${i.review.rootCause}; remediation: ${i.review.remediation}; prevention: ${i.review.prevention}`,
    );
}

/** The evidence the decision behind the rollback froze: sample ids, and the kept events per arm. */
function printEvidence(out: (s: string) => void, e: IncidentShown['evidence']): void {
  if (e === null) return;
  out(`evidence (decision ${e.decision} at ${shortTime(e.at)}, ${e.kind}):`);
  for (const g of e.gates) {
    out(`  ${g.gate} ${g.state}${g.sentence ? `: ${g.sentence}` : ''}`);
    if (g.sampleIds.length > 0)
      out(`    samples: ${g.sampleIds.join(', ')}${g.unmatched > 0 ? ` (${g.unmatched} unmatched)` : ''}`);
    for (const arm of ['candidate', 'control'] as const) {
      const kept = g.kept?.[arm] ?? [];
      if (kept.length === 0) continue;
      out(`    ${arm}: ${g.kept?.counted[arm] ?? kept.length} counted, latest ${kept.length}:`);
      for (const s of kept) {
        const parts = [
          s.traceId && `trace ${s.traceId}`,
          s.errorKind,
          s.parserError && `parser: ${s.parserError}`,
          s.costUsd !== undefined && `$${s.costUsd}`,
          s.reviewer && `reviewer ${s.reviewer}`,
          s.notes && `"${s.notes}"`,
        ].filter((x): x is string => typeof x === 'string' && x !== '');
        out(`      ${s.id}${parts.length > 0 ? `  ${parts.join('  ')}` : ''}`);
      }
    }
  }
}
