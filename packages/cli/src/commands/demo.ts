import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { DEFAULT_SPEED, DEFAULT_TICK_SECONDS } from '../demo/demo-defaults.js';
import { scenarios, type Scenario } from '../demo/scenarios.js';
import { loadDemo } from '../load-server.js';

interface DemoCommandOptions {
  speed?: string;
  tick?: string;
  seed?: string;
  scenario?: string[];
}

/**
 * `ripcord demo`: a real control plane in this process on a throw-away embedded store, the example
 * workflows, a simulated application routing through the SDK, and three scenarios in accelerated
 * simulated time. Exit 0 only if every scenario's stored outcome is the expected one.
 */
export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'run the whole loop end to end: three release scenarios against a real control plane (about half a minute)',
    )
    .option('--speed <n>', `simulated seconds per real second, or "max" (default ${DEFAULT_SPEED})`)
    .option(
      '--tick <seconds>',
      `simulated seconds between evaluation ticks, 10–30 (default ${DEFAULT_TICK_SECONDS}; the server's own timer ticks every 10)`,
    )
    .option('--seed <n>', 'seed of the simulated traffic and models (default 42)')
    .option('--scenario <id...>', `run only these: ${scenarios.map((s) => s.id).join(', ')}`)
    .addHelpText(
      'after',
      [
        '',
        'Scenarios: 1 schema-regression (support-summary, automatic level-1 rollback),',
        '2 pricing-drift (ride-pricing, level 1 refused, level 2 runs), 3 healthy-promotion.',
        'With --json every event is one JSON object per line; the last line is the summary.',
        'Exit codes: 0 every scenario ended as expected, 1 one did not (the reason is printed), 2 usage error.',
        '',
        'Example:',
        '  ripcord demo',
        '  ripcord demo --scenario schema-regression --speed max --json',
      ].join('\n'),
    )
    .action(async (opts: DemoCommandOptions, command: Command) => {
      const output = ctx.output(command);
      const speed = parseSpeed(opts.speed);
      const seed = opts.seed === undefined ? 42 : Number(opts.seed);
      const tick = opts.tick === undefined ? DEFAULT_TICK_SECONDS : Number(opts.tick);
      const known = new Set<string>(scenarios.map((s) => s.id));
      const unknown = (opts.scenario ?? []).filter((s) => !known.has(s));
      const problem =
        speed === undefined
          ? `--speed must be a positive number or "max", got "${opts.speed ?? ''}"`
          : !Number.isInteger(tick) || tick < 10 || tick > 30
            ? `--tick must be a whole number of seconds from 10 to 30, got "${opts.tick ?? ''}"`
            : !Number.isInteger(seed)
              ? `--seed must be an integer, got "${opts.seed ?? ''}"`
              : unknown.length > 0
                ? `unknown scenario ${unknown.join(', ')} (known: ${[...known].join(', ')})`
                : undefined;
      if (problem !== undefined || speed === undefined) {
        output.err(`error: ${problem ?? 'bad options'}`);
        ctx.exitCode = 2;
        return;
      }
      // Ctrl-C ends the demo at the next simulated tick, so the throw-away store is still removed.
      const interrupt = new AbortController();
      const onSignal = () => {
        output.err('ripcord demo: interrupted; stopping at the next tick and removing the temporary store');
        interrupt.abort();
      };
      process.once('SIGINT', onSignal);
      await ctx.run(command, async () => {
        const { runDemo, humanLines, jsonLines } = await loadDemo();
        const result = await runDemo({
          signal: interrupt.signal,
          speed,
          seed,
          tickSeconds: tick,
          emit: output.json ? jsonLines(output.out) : humanLines(output.out),
          ...(opts.scenario === undefined ? {} : { only: opts.scenario as Scenario['id'][] }),
        });
        if (!result.ok) ctx.exitCode = 1;
      });
      process.off('SIGINT', onSignal);
    });
}

function parseSpeed(text: string | undefined): number | 'max' | undefined {
  if (text === undefined) return DEFAULT_SPEED;
  if (text === 'max') return 'max';
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
