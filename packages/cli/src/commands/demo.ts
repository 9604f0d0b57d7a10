import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { humanLines, jsonLines } from '../demo/demo-output.js';
import { DEFAULT_SPEED, runDemo } from '../demo/run-demo.js';
import { scenarios, type Scenario } from '../demo/scenarios.js';

interface DemoCommandOptions {
  speed?: string;
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
      ].join('\n'),
    )
    .action(async (opts: DemoCommandOptions, command: Command) => {
      const output = ctx.output(command);
      const speed = parseSpeed(opts.speed);
      const seed = opts.seed === undefined ? 42 : Number(opts.seed);
      const known = new Set<string>(scenarios.map((s) => s.id));
      const unknown = (opts.scenario ?? []).filter((s) => !known.has(s));
      if (speed === undefined || !Number.isInteger(seed) || unknown.length > 0) {
        output.err(
          speed === undefined
            ? `error: --speed must be a positive number or "max", got "${opts.speed ?? ''}"`
            : unknown.length > 0
              ? `error: unknown scenario ${unknown.join(', ')} (known: ${[...known].join(', ')})`
              : `error: --seed must be an integer, got "${opts.seed ?? ''}"`,
        );
        ctx.exitCode = 2;
        return;
      }
      await ctx.run(command, async () => {
        const result = await runDemo({
          speed,
          seed,
          emit: output.json ? jsonLines(output.out) : humanLines(output.out),
          ...(opts.scenario === undefined ? {} : { only: opts.scenario as Scenario['id'][] }),
        });
        if (!result.ok) ctx.exitCode = 1;
      });
    });
}

function parseSpeed(text: string | undefined): number | 'max' | undefined {
  if (text === undefined) return DEFAULT_SPEED;
  if (text === 'max') return 'max';
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
