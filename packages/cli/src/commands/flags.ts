import { Option, type Command } from 'commander';
import { compileSnapshot, evaluateFlag, routeRequest } from '@ripcord/sdk';
import type { ConfigSnapshot } from '@ripcord/protocol';
import type { ApiResult, ConfigChange, WorkflowConfigState } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, shortTime, table } from '../output.js';
import { numberBetween, positiveInteger, repeatable, usageError } from './option-parsers.js';

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
    .description('flags per workflow and environment; every change is a new configuration revision');
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
      '\nExamples:\n  ripcord flags set support-summary ai.action.mode draft-only -e production -r "schema failures"\n  ripcord flags set support-summary ai.tools.enabled false -e production -r "unsafe refund calls"\n  ripcord flags set support-summary ai.action.mode human-review -s enterprise -e production -r "safety blocks"',
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
  flags
    .command('unset <workflow> <key>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('-r, --reason <reason>', 'why')
    .description("remove a flag's definition: the serving bundle's value applies again")
    .action(async (workflow: string, key: string, opts: { env: string; reason: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .delete<ApiResult<'deleteFlag'>>(`${base(workflow, opts.env)}/flags/${enc(key)}?reason=${enc(opts.reason)}`);
        const output = ctx.output(command);
        emit(output, r, () => output.out(`revision ${r.revision}: ${key} definition removed`));
      });
    });
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
  flags
    .command('history <workflow>')
    .requiredOption('-e, --env <environment>', 'environment')
    .option('--limit <n>', 'at most this many revisions', positiveInteger, '50')
    .description('configuration revisions, newest first')
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
  registerSegmentsAndTraffic(program, ctx);
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

function registerSegmentsAndTraffic(program: Command, ctx: CliContext): void {
  const segments = program.command('segments').description('named sets of contexts flags and splits can target');
  segments
    .command('set <workflow> <name>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('-r, --reason <reason>', 'why')
    .option(
      '-w, --where <condition>',
      'attribute:op:value, e.g. plan:eq:enterprise or email:ends_with:@corp.com (repeatable; all must hold; for in/not_in separate values with |)',
      repeatable(parseCondition),
      [],
    )
    .description('create or replace a segment')
    .action(
      async (
        workflow: string,
        name: string,
        opts: { env: string; reason: string; where: string[] },
        command: Command,
      ) => {
        await ctx.run(command, async () => {
          const conditions = opts.where.map(parseCondition);
          const r = await ctx
            .client(command)
            .put<ApiResult<'setSegment'>>(`${base(workflow, opts.env)}/segments/${enc(name)}`, {
              conditions,
              reason: opts.reason,
            });
          const output = ctx.output(command);
          emit(output, r, () => output.out(`revision ${r.revision}: segment ${name} set`));
        });
      },
    );
  segments
    .command('unset <workflow> <name>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('-r, --reason <reason>', 'why')
    .description('remove a segment nothing refers to')
    .action(async (workflow: string, name: string, opts: { env: string; reason: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .delete<ApiResult<'deleteSegment'>>(
            `${base(workflow, opts.env)}/segments/${enc(name)}?reason=${enc(opts.reason)}`,
          );
        const output = ctx.output(command);
        emit(output, r, () => output.out(`revision ${r.revision}: segment ${name} removed`));
      });
    });
  const traffic = program
    .command('traffic')
    .description("a release's traffic split between the control and a candidate bundle");
  traffic
    .command('set <workflow> <candidate> <percent>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('--release <name>', 'release name (part of the bucketing input)')
    .requiredOption('-r, --reason <reason>', 'why')
    .option('--segment <segment>', 'only contexts in this segment may get the candidate (staff-only canary)')
    .description('send PERCENT of traffic (0–100, steps of 0.01) to the candidate bundle')
    .action(
      async (
        workflow: string,
        candidate: string,
        percent: string,
        opts: { env: string; release: string; reason: string; segment?: string },
        command: Command,
      ) => {
        let share: number;
        try {
          share = numberBetween(0, 100)(percent);
        } catch {
          usageError(ctx, ctx.output(command), `PERCENT must be a number from 0 to 100, got "${percent}"`);
          return;
        }
        await ctx.run(command, async () => {
          const body = {
            release: opts.release,
            candidate,
            percent: share,
            reason: opts.reason,
            ...(opts.segment ? { eligibleSegment: opts.segment } : {}),
          };
          const r = await ctx.client(command).put<ApiResult<'setSplit'>>(`${base(workflow, opts.env)}/split`, body);
          const output = ctx.output(command);
          emit(output, r, () =>
            output.out(`revision ${r.revision}: ${percent}% of ${workflow} in ${opts.env} to ${candidate}`),
          );
        });
      },
    );
  traffic
    .command('clear <workflow>')
    .requiredOption('-e, --env <environment>', 'environment')
    .requiredOption('-r, --reason <reason>', 'why')
    .description('end the split: everyone gets the control bundle')
    .action(async (workflow: string, opts: { env: string; reason: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx
          .client(command)
          .delete<ApiResult<'clearSplit'>>(`${base(workflow, opts.env)}/split?reason=${enc(opts.reason)}`);
        const output = ctx.output(command);
        emit(output, r, () => output.out(`revision ${r.revision}: all traffic to the control bundle`));
      });
    });
}

function parseCondition(text: string): { attribute: string; op: string; value: unknown } {
  const [attribute, op, ...rest] = text.split(':');
  const raw = rest.join(':');
  if (!attribute || !op || rest.length === 0) throw new Error(`--where expects attribute:op:value, got "${text}"`);
  const value = op === 'in' || op === 'not_in' ? raw.split('|').map((v) => parseValue(v)) : parseValue(raw);
  return { attribute, op, value };
}
