import { Option, type Command } from 'commander';
import { compileSnapshot, evaluateFlag, routeRequest } from '@ripcord/sdk';
import type { ConfigSnapshot } from '@ripcord/protocol';
import type { ApiResult, ConfigChange, WorkflowConfigState } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, shortTime, table } from '../output.js';
import { positiveInteger, repeatable } from './option-parsers.js';

const enc = encodeURIComponent;
const base = (workflow: string, env: string) => `/v1/workflows/${enc(workflow)}/environments/${enc(env)}`;

/** Reads a flag value from the command line: JSON when it parses (true, 3, ["a"]), else a string. */
export function parseValue(text: string, type?: string): unknown {
  if (type === 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Parses `--context plan=enterprise --context key=u1` into an evaluation context. */
function parseContext(pairs: string[]): Record<string, unknown> {
  const ctx: Record<string, unknown> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new Error(`--context expects attribute=value, got "${pair}"`);
    ctx[pair.slice(0, i)] = parseValue(pair.slice(i + 1));
  }
  return ctx;
}

/** `ripcord flags set|get|unset|history`, `ripcord segments set|unset`, `ripcord traffic set|clear`. */
export function registerFlags(program: Command, ctx: CliContext): void {
  const flags = program
    .command('flags')
    .description('flags per workflow and environment; every change is a new configuration revision')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord flags get support-summary -e production\n  ripcord flags set support-summary ai.tools.enabled false -e production -r "unsafe refund calls"',
    );
  registerSet(flags, ctx);
  registerUnset(flags, ctx);
  registerGet(flags, ctx);
  registerHistory(flags, ctx);
}

function registerSet(flags: Command, ctx: CliContext): void {
  flags
    .command('set <workflow> <key> <value>')
    .requiredOption('-e, --env <environment>', 'environment, e.g. production')
    .requiredOption('-r, --reason <reason>', 'why (kept in the history)')
    .option('-s, --segment <segment>', 'only for contexts in this segment (others keep their value)')
    .addOption(
      new Option('-t, --type <type>', 'boolean|string|number|string_list|json (default: from the value)').choices([
        'boolean',
        'string',
        'number',
        'string_list',
        'json',
      ]),
    )
    .description(
      'set a flag for everyone, or for one segment; VALUE is JSON when it parses (true, 5, ["a","b"]), else a string',
    )
    .addHelpText(
      'after',
      '\nExample:\n  ripcord flags set support-summary ai.action.mode draft-only -e production -r "schema failures"\n  ripcord flags set support-summary ai.tools.enabled false -e production -r "unsafe refund calls"\n  ripcord flags set support-summary ai.action.mode human-review -s enterprise -e production -r "safety blocks"',
    )
    .action(
      async (
        workflow: string,
        key: string,
        value: string,
        opts: { env: string; reason: string; segment?: string; type?: string },
        command: Command,
      ) => {
        await ctx.run(command, async () => {
          const body = {
            value: parseValue(value, opts.type),
            reason: opts.reason,
            ...(opts.segment ? { segment: opts.segment } : {}),
            ...(opts.type ? { type: opts.type } : {}),
          };
          const r = await ctx
            .client(command)
            .put<ApiResult<'setFlag'>>(`${base(workflow, opts.env)}/flags/${enc(key)}`, body);
          const output = ctx.output(command);
          emit(output, r, () =>
            output.out(
              `revision ${r.revision}: ${key} = ${JSON.stringify(body.value)}${opts.segment ? ` for segment ${opts.segment}` : ''} (${workflow}, ${opts.env})`,
            ),
          );
        });
      },
    );
}

function registerUnset(flags: Command, ctx: CliContext): void {
  flags
    .command('unset <workflow> <key>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('-r, --reason <reason>', 'why')
    .description("remove a flag's definition: the serving bundle's value applies again")
    .addHelpText(
      'after',
      '\nExample:\n  ripcord flags unset support-summary ai.action.mode -e production -r "incident over"',
    )
    .action(async (workflow: string, key: string, opts: { env: string; reason: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .delete<ApiResult<'deleteFlag'>>(`${base(workflow, opts.env)}/flags/${enc(key)}?reason=${enc(opts.reason)}`);
        const output = ctx.output(command);
        emit(output, r, () => output.out(`revision ${r.revision}: ${key} definition removed`));
      });
    });
}

function registerGet(flags: Command, ctx: CliContext): void {
  flags
    .command('get <workflow> [key]')
    .requiredOption('-e, --env <environment>', 'environment')
    .option(
      '-c, --context <attr=value>',
      'evaluate for this context (repeatable; key=… is the bucketing key)',
      repeatable((pair) => parseContext([pair])),
      [],
    )
    .description('show flag values as SDKs resolve them (for a context when given), or one flag')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord flags get support-summary -e production\n  ripcord flags get support-summary ai.action.mode -e production -c key=u1 -c plan=enterprise',
    )
    .action(
      async (workflow: string, key: string | undefined, opts: { env: string; context: string[] }, command: Command) => {
        await ctx.run(command, async () => {
          const r = await ctx.client(command).get<ApiResult<'getWorkflowConfig'>>(`${base(workflow, opts.env)}/config`);
          const { route, rows } = resolveAll(workflow, opts.env, r.revision, r.config, parseContext(opts.context), key);
          const output = ctx.output(command);
          emit(output, { revision: r.revision, route, flags: rows }, () => {
            const bundle = route.bundleVersion ? ` bundle ${route.bundleVersion}` : '';
            output.out(`${workflow} in ${opts.env}, revision ${r.revision}: ${route.arm}${bundle} (${route.reason})`);
            table(
              output,
              ['flag', 'value', 'variant', 'reason'],
              rows.map((x) => [x.key, JSON.stringify(x.value), x.variant, x.reason]),
            );
          });
        });
      },
    );
}

function registerHistory(flags: Command, ctx: CliContext): void {
  flags
    .command('history <workflow>')
    .requiredOption('-e, --env <environment>', 'environment')
    .option('--limit <n>', 'at most this many revisions', positiveInteger, '50')
    .description('configuration revisions, newest first')
    .addHelpText('after', '\nExample:\n  ripcord flags history support-summary -e production --limit 10')
    .action(async (workflow: string, opts: { env: string; limit: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .get<ApiResult<'listConfigRevisions'>>(`${base(workflow, opts.env)}/config/history`, { limit: opts.limit });
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['revision', 'at', 'change', 'actor', 'reason'],
            r.revisions.map((x) => [x.revision, shortTime(x.at), describe(x.change), x.actor, x.reason]),
          ),
        );
      });
    });
}

function describe(change: ConfigChange): string {
  const detail =
    'name' in change
      ? change.name
      : 'version' in change
        ? change.version
        : 'candidate' in change
          ? `${change.candidate} at ${change.percent}%`
          : (change.key ?? '');
  return `${change.kind}${detail ? ` ${detail}` : ''}`;
}

function resolveAll(
  workflow: string,
  environment: string,
  revision: number,
  config: WorkflowConfigState,
  context: Record<string, unknown>,
  only?: string,
) {
  const control = config.bundles.control;
  if (!control) throw new Error(`${workflow} has no production label in ${environment} yet, so SDKs do not serve it`);
  const snapshot: ConfigSnapshot = {
    environment,
    revision,
    generatedAt: '',
    workflows: { [workflow]: { ...config, revision, bundles: { ...config.bundles, control } } },
  };
  const compiled = compileSnapshot(snapshot);
  const decision = routeRequest(compiled, workflow, context);
  const keys = only
    ? [only]
    : [
        ...new Set([
          ...Object.keys(config.flags),
          ...Object.keys(control.flags),
          ...Object.keys(config.bundles.candidate?.flags ?? {}),
        ]),
      ].sort();
  const rows = keys.map((key) => {
    // A default of the resolved value's own type, so the resolution reports its variant and reason.
    const r = evaluateFlag(compiled, workflow, key, decision.flags[key] ?? null, context);
    return {
      key,
      value: r.value,
      variant: r.variant ?? '-',
      reason: `${r.reason}${r.errorCode ? ` (${r.errorCode})` : ''}`,
    };
  });
  const route = {
    arm: decision.arm,
    bundleVersion: decision.bundleVersion,
    release: decision.release,
    reason: decision.reason,
    segments: decision.segments,
  };
  return { route, rows };
}
