import { Option, type Command } from 'commander';
import type { ApiResult, GateEvaluation } from '@ripcord/protocol/api';
import type { ApiClient } from '../client.js';
import type { CliContext } from '../context.js';
import { emit, emitList, type Cell, type Listing } from '../output.js';
import { resolveRelease } from './release-ref.js';

/** A release's gates as the API shows them. */
export type ReleaseGates = ApiResult<'getReleaseGates'>;

const number = (v: number | null) => (v === null ? '-' : Number.isInteger(v) ? String(v) : v.toPrecision(3));

/** The columns of a gate table (`gates get`, `releases watch`). */
export const gateListing: Listing<GateEvaluation> = {
  headers: ['gate', 'state', 'value', 'threshold', 'samples', 'severity', 'override'],
  row: (g) => [
    g.gate,
    g.state,
    number(g.statistic),
    number(g.threshold),
    `${g.samples.candidate}${g.samples.control === null ? '' : `/${g.samples.control}`}`,
    g.severity,
    g.override ? g.override.force : '-',
  ],
  wide: { headers: ['computed', 'window', 'sentence'], row: (g) => [g.computedState, g.window, g.sentence] },
  name: (g) => `gate/${g.gate}`,
};

/** The wide row of a gate, as `releases watch` shows it (with the sentence, which says why). */
export const gateRow = (g: GateEvaluation): Cell[] => [...gateListing.row(g), g.sentence];

/** Fetches a release's gates. */
export function fetchGates(client: ApiClient, id: string): Promise<ReleaseGates> {
  return client.get<ReleaseGates>(`/v1/releases/${id}/gates`);
}

/** `ripcord gates get|override`. */
export function registerGates(program: Command, ctx: CliContext): void {
  const gates = program
    .command('gates')
    .description("a release's gates: their state now, and manual overrides (R4.5)")
    .addHelpText(
      'after',
      '\nExample:\n  ripcord gates get sonnet-5-tier\n  ripcord gates override sonnet-5-tier provider-p99-prometheus --force pass -r "checked by hand"',
    );
  gates
    .command('get <release>')
    .alias('list')
    .description("a running (or ended) release's gates evaluated now: state, value, threshold, samples, override")
    .addHelpText('after', '\nExample:\n  ripcord gates get sonnet-5-tier\n  ripcord get gates sonnet-5-tier -o wide')
    .action(async (ref: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const r = await fetchGates(client, (await resolveRelease(client, ref)).id);
        const output = ctx.output(command);
        if (output.format === 'text' || output.format === 'wide')
          output.out(
            `${r.release.workflow}/${r.release.environment}/${r.release.name} (${r.release.status}): ${r.counts.passing} passing, ${r.counts.breached} breached, ${r.counts.inconclusive} inconclusive`,
          );
        emitList(output, r, r.gates, gateListing);
      });
    });
  registerOverride(gates, ctx);
}

function registerOverride(gates: Command, ctx: CliContext): void {
  gates
    .command('override <release> <gate>')
    .addOption(
      new Option('--force <state>', 'breach (acts on the gate as breached), pass, or clear (back to the data)')
        .choices(['breach', 'pass', 'clear'])
        .makeOptionMandatory(),
    )
    .requiredOption('-r, --reason <reason>', 'why (kept in the audit log with who did it)')
    .description("force a running release's gate breached or passing, or clear the override (operator)")
    .addHelpText(
      'after',
      '\nExample:\n  ripcord gates override sonnet-5-tier provider-p99-prometheus --force pass -r "Prometheus is down, latency checked by hand"\n  ripcord gates override sonnet-5-tier provider-p99-prometheus --force clear -r "Prometheus is back"',
    )
    .action(async (ref: string, gate: string, opts: { force: string; reason: string }, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const release = await resolveRelease(client, ref);
        const g = await client.post<ApiResult<'overrideGate'>>(
          `/v1/releases/${release.id}/gates/${encodeURIComponent(gate)}/override`,
          { force: opts.force, reason: opts.reason },
        );
        const output = ctx.output(command);
        emit(
          output,
          g,
          () =>
            output.out(
              `${release.name}: gate ${g.gate} is ${g.state}${g.override ? ` (override ${g.override.force} by ${g.override.actor})` : ' (no override: the data decides)'}: ${g.sentence}`,
            ),
          () => [`gate/${g.gate}`],
        );
      });
    });
}
