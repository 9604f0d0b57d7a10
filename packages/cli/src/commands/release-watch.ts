// `ripcord releases watch RELEASE`: the release's stage and gate table, redrawn every --interval
// until the release settles (promoted, rolled back or aborted) or Ctrl-C, like `kubectl argo rollouts
// get rollout --watch`. It polls the API (GET the release and its gates), so it works through any
// proxy and needs nothing but a viewer token.
import type { Command } from 'commander';
import type { ApiResult, Release } from '@ripcord/protocol/api';
import { ApiError, type ApiClient } from '../client.js';
import type { CliContext } from '../context.js';
import { shortTime, tableLines, type Output } from '../output.js';
import { fetchGates, gateListing, gateRow, type ReleaseGates } from './gates.js';
import { numberBetween } from './option-parsers.js';
import { resolveRelease } from './release-ref.js';
import { stageText } from './release-text.js';

const settled = new Set<Release['status']>(['promoted', 'rolled-back', 'aborted']);

/** What one look at the release found. */
interface Observation {
  release: Release;
  gates: ReleaseGates | null;
}

/** Looks once: the release, and its gates once it has started. */
async function observe(client: ApiClient, id: string): Promise<Observation> {
  const { release } = await client.get<ApiResult<'getRelease'>>(`/v1/releases/${id}`);
  if (release.status === 'pending') return { release, gates: null };
  const gates = await fetchGates(client, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
  return { release, gates };
}

/** The drawing of one observation: a header line, then the gate table. */
export function watchLines({ release: r, gates }: Observation): string[] {
  const head = `${r.workflow}/${r.environment}/${r.name}  ${r.status}  stage ${stageText(r)}  ${r.spec.control} → ${r.spec.candidate}`;
  if (gates === null) return [head, r.status === 'pending' ? 'waiting for the release to start' : 'no gate state'];
  const c = gates.counts;
  return [
    head,
    `gates at ${shortTime(gates.evaluatedAt)}: ${c.passing} passing, ${c.breached} breached, ${c.inconclusive} inconclusive`,
    ...tableLines([...gateListing.headers, 'why'], gates.gates.map(gateRow)),
  ];
}

/** Resolves after `ms`, or at once when `stop` fires. */
function pause(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    stop.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** Watches until the release settles or `stop` fires; returns the last observation. */
export async function watchRelease(
  client: ApiClient,
  id: string,
  output: Output,
  opts: { tty: boolean; intervalMs: number; stop: AbortSignal; columns?: number },
): Promise<Observation> {
  let shown: string[] = [];
  for (;;) {
    const seen = await observe(client, id);
    if (output.json) output.out(JSON.stringify(seen));
    else {
      // A line longer than the terminal wraps, and the redraw would then move up too few lines.
      const next = watchLines(seen).map((l) => (opts.columns ? l.slice(0, opts.columns) : l));
      // A terminal is redrawn in place; a pipe or a log gets each changed drawing once.
      if (opts.tty && shown.length > 0) output.out(`\x1b[${shown.length}A\x1b[0J${next.join('\n')}`);
      else if (next.join('\n') !== shown.join('\n')) for (const line of next) output.out(line);
      shown = next;
    }
    if (settled.has(seen.release.status) || opts.stop.aborted) return seen;
    await pause(opts.intervalMs, opts.stop);
    if (opts.stop.aborted) return seen;
  }
}

/** Registers `releases watch`. */
export function registerReleaseWatch(releases: Command, ctx: CliContext): void {
  releases
    .command('watch <release>')
    .option('--interval <seconds>', 'how often to look', numberBetween(0.01, 3600), 2)
    .description(
      'follow a release live: its stage and gate table, redrawn until it is promoted (exit 0), rolled back or aborted (exit 1), or Ctrl-C (exit 130); -o json prints one JSON line per look',
    )
    .addHelpText(
      'after',
      '\nExample:\n  ripcord releases watch sonnet-5-tier\n  ripcord releases watch sonnet-5-tier --interval 10 -o json',
    )
    .action(async (ref: string, opts: { interval: number }, command: Command) => {
      await ctx.run(command, async () => {
        const client = ctx.client(command);
        const release = await resolveRelease(client, ref);
        const output = ctx.output(command);
        const interrupted = new AbortController();
        const onSigint = () => interrupted.abort();
        process.once('SIGINT', onSigint);
        try {
          const tty = process.stdout.isTTY === true && ctx.env.TERM !== 'dumb';
          const last = await watchRelease(client, release.id, output, {
            tty,
            ...(tty && process.stdout.columns ? { columns: process.stdout.columns } : {}),
            intervalMs: opts.interval * 1000,
            stop: interrupted.signal,
          });
          ctx.exitCode = interrupted.signal.aborted ? 130 : last.release.status === 'promoted' ? 0 : 1;
        } finally {
          process.off('SIGINT', onSigint);
        }
      });
    });
}
