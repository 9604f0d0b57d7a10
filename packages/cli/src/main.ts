import { Command, Help, CommanderError, InvalidArgumentError, Option } from 'commander';
import { registerAdmin } from './commands/admin.js';
import { registerApply } from './commands/apply.js';
import { registerDemo } from './commands/demo.js';
import { registerDrills } from './commands/drills.js';
import { registerChaos } from './commands/chaos.js';
import { registerReport } from './commands/report.js';
import { registerRunbook } from './commands/runbook.js';
import { registerBatches } from './commands/batches.js';
import { registerFlags } from './commands/flags.js';
import { registerSegmentsAndTraffic } from './commands/segments.js';
import { registerReleases } from './commands/releases.js';
import { registerIncidents } from './commands/incidents.js';
import { registerOperations } from './commands/operations.js';
import { registerRegistry } from './commands/registry.js';
import { registerServe } from './commands/serve.js';
import { complete, registerCompletion } from './commands/completion.js';
import { registerConfig } from './commands/config.js';
import { registerGates } from './commands/gates.js';
import { registerKubectlVerbs, rewriteKubectlVerbs } from './commands/kubectl-verbs.js';
import { createContext, type GlobalOptions } from './context.js';
import { parseDuration } from './connection.js';
import { formats } from './output.js';

/** Exit codes: 0 ok, 1 the command failed, 2 the command line was wrong. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** Builds the `ripcord` program around a context (so tests can capture output). */
export function buildProgram(
  ctx: ReturnType<typeof createContext>,
  io: { out: (s: string) => void; err: (s: string) => void },
): Command {
  const program = new Command('ripcord')
    .description('ripcord: a rollback control plane for AI features')
    .version('0.1.0')
    .option('--server <url>', "control plane URL (env RIPCORD_SERVER; else the context's; else http://127.0.0.1:7400)")
    .option(
      '--token <token>',
      "API token (env RIPCORD_TOKEN; else the context's token-file; else ./.ripcord/admin-token)",
    )
    .option('--context <name>', 'use this context of the config file (env RIPCORD_CONTEXT; see `ripcord config`)')
    .addOption(
      new Option('-o, --output <format>', 'text (default), json, yaml, wide (more columns), name (kind/name)').choices(
        formats,
      ),
    )
    .option('--json', 'print machine-readable JSON (the same as -o json)')
    .option(
      '--timeout <duration>',
      'give up on a request after this long: 30s, 2m, 0 for never (env RIPCORD_TIMEOUT; default 30s)',
      (v) => {
        try {
          return parseDuration(v);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      },
    )
    .showHelpAfterError('(run with --help for usage)')
    // Every command's help shows the global options and marks the options it cannot run without.
    .configureHelp({
      showGlobalOptions: true,
      optionDescription: (option) => {
        const text = new Help().optionDescription(option);
        return option.mandatory ? `${text} (required)` : text;
      },
    })
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .addHelpText(
      'after',
      '\nExample:\n  ripcord apply -f examples/support-summary.yaml\n  ripcord get releases --active\n  ripcord releases watch sonnet-5-tier\n  ripcord rollback run sonnet-5-tier -r "schema failures"',
    )
    .exitOverride();
  registerServe(program, ctx);
  registerApply(program, ctx);
  registerRegistry(program, ctx);
  registerFlags(program, ctx);
  registerSegmentsAndTraffic(program, ctx);
  registerReleases(program, ctx);
  registerIncidents(program, ctx);
  registerOperations(program, ctx);
  registerDrills(program, ctx);
  registerChaos(program, ctx);
  registerReport(program, ctx);
  registerRunbook(program, ctx);
  registerBatches(program, ctx);
  registerAdmin(program, ctx);
  registerDemo(program, ctx);
  registerGates(program, ctx);
  registerConfig(program, ctx);
  registerCompletion(program, ctx);
  registerKubectlVerbs(program);
  // A server URL that cannot work is a usage error, said before any command tries to connect; then the
  // connection (context, token file) is resolved for the commands that talk to the server.
  program.hook('preAction', async (_program, action) => {
    const offline = offlineCommands.has(topLevel(action).name());
    const flag = action.optsWithGlobals<GlobalOptions>().server;
    const problem = offline
      ? undefined
      : serverUrlProblem(flag ?? ctx.env.RIPCORD_SERVER, flag === undefined ? 'RIPCORD_SERVER' : '--server');
    if (problem) program.error(`error: ${problem}`, { exitCode: exitCodes.usage, code: 'ripcord.serverUrl' });
    await ctx.prepare(action, !offline);
  });
  return program;
}

/** Commands that do not talk to a server through the API client. */
const offlineCommands = new Set(['serve', 'demo', 'config', 'completion']);

/** The command under `ripcord` that `command` belongs to (`releases` for `releases get`). */
function topLevel(command: Command): Command {
  let c = command;
  while (c.parent?.parent) c = c.parent;
  return c;
}

/** Why a `--server` (or RIPCORD_SERVER) value is not a usable URL, or undefined when it is. */
export function serverUrlProblem(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const hint = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? '' : ` (did you mean http://${value}?)`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name} must be a URL starting with http:// or https://, got "${value}"${hint}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${name} must be a URL starting with http:// or https://, got "${value}"${hint}`;
  return undefined;
}

/**
 * When the reader of our output goes away (`ripcord incidents show … | head`), the CLI ends quietly
 * with 0 instead of crashing on EPIPE: what was asked for has been read.
 */
export function endQuietlyOnClosedPipe(
  streams: NodeJS.WritableStream[] = [process.stdout, process.stderr],
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') exit(exitCodes.ok);
      else throw error;
    });
  }
}

/** Runs the CLI and returns its exit code. */
export async function main(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => console.log(s),
    err: (s) => console.error(s),
  },
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const ctx = createContext(env, io);
  const program = buildProgram(ctx, io);
  // What the completion scripts call on every TAB: the candidates, one a line, and nothing else.
  if (argv[0] === '__complete') {
    for (const candidate of complete(program, argv.slice(1))) io.out(candidate);
    return exitCodes.ok;
  }
  try {
    await program.parseAsync(rewriteKubectlVerbs(argv), { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return exitCodes.ok;
      return exitCodes.usage;
    }
    throw error;
  }
}
