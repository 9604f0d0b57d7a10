/**
 * Step definitions for the vendored OpenFeature suites (evaluation, evaluation_v2, hooks,
 * metadata), written for ripcord's provider through the OpenFeature server SDK. Values in steps
 * are parsed by the flag's type as the suites write them (`{\"a\": 1}` objects, "0.0" floats).
 */
import { isDeepStrictEqual } from 'node:util';
import type { EvaluationDetails, FlagValue, Hook, JsonValue } from '@openfeature/server-sdk';
import type { StepDefinition } from './gherkin-runner.js';
import { useProvider, type World } from './conformance-world.js';

function fail(message: string): never {
  throw new Error(message);
}
function same(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected))
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** A value as the suites write it, for a flag of `type` (Boolean, String, Integer, Float, Object). */
export function parseValue(type: string, raw: string): FlagValue {
  switch (type.toLowerCase()) {
    case 'boolean':
      return raw === 'true';
    case 'integer':
    case 'float':
      return Number(raw);
    case 'object':
      return raw === 'null' ? null : (JSON.parse(raw.replaceAll('\\"', '"')) as JsonValue);
    default:
      return raw;
  }
}

async function evaluate(world: World, type: string, key: string, fallback: FlagValue, options = {}): Promise<void> {
  world.pending = details(world, type, key, fallback, options);
  world.details = await world.pending;
}

function details(
  world: World,
  type: string,
  key: string,
  fallback: FlagValue,
  options: object,
): Promise<EvaluationDetails<FlagValue>> {
  const c = world.client;
  const ctx = world.context;
  switch (type.toLowerCase()) {
    case 'boolean':
      return c.getBooleanDetails(key, fallback as boolean, ctx, options);
    case 'integer':
    case 'float':
      return c.getNumberDetails(key, fallback as number, ctx, options);
    case 'object':
      return c.getObjectDetails(key, fallback, ctx, options);
    default:
      return c.getStringDetails(key, fallback as string, ctx, options);
  }
}

function recordingHook(world: World, name: string): Hook {
  return {
    before: () => void world.calls.push({ stage: 'before', hook: name }),
    after: (_, d) => void world.calls.push({ stage: 'after', hook: name, details: d }),
    error: () => void world.calls.push({ stage: 'error', hook: name }),
    finally: (_, d) => void world.calls.push({ stage: 'finally', hook: name, details: d }),
  };
}

const current = (w: World) => w.details ?? fail('no evaluation yet');

/** evaluation_v2, hooks and metadata steps (the current suites). */
const v2: StepDefinition<World>[] = [
  { pattern: /^an? (stable|not ready|error|fatal|stale) provider$/, run: (w, [s]) => useProvider(w, s!) },
  {
    pattern: /^an? (\w+)-flag with key "(.*)" and a fallback value "(.*)"$/,
    run: (w, [type, key, raw]) => void (w.flag = { type: type!, key: key!, fallback: parseValue(type!, raw!) }),
  },
  {
    pattern: /^a context containing a key "(.*)", with type "(.*)" and with value "(.*)"$/,
    run: (w, [key, type, raw]) => void (w.context = { ...w.context, [key!]: parseValue(type!, raw!) }),
  },
  {
    pattern: /^a context containing a key "(.*)" with null value$/,
    run: (w, [key]) => void (w.context = { ...w.context, [key!]: null }),
  },
  {
    pattern: /^the flag was evaluated with details$/,
    run: (w) => evaluate(w, w.flag.type, w.flag.key, w.flag.fallback),
  },
  {
    pattern: /^the resolved details value should be "(.*)"$/,
    run: (w, [raw]) => same(current(w).value, parseValue(w.flag.type, raw!), 'value'),
  },
  { pattern: /^the reason should be "([^"]*)"$/, run: (w, [r]) => same(current(w).reason, r, 'reason') },
  { pattern: /^the error-code should be "([^"]*)"$/, run: (w, [c]) => same(current(w).errorCode, c, 'error code') },
  { pattern: /^the flag key should be "([^"]*)"$/, run: (w, [k]) => same(current(w).flagKey, k, 'flag key') },
  { pattern: /^the variant should be "([^"]*)"$/, run: (w, [v]) => same(current(w).variant, v, 'variant') },
  {
    pattern: /^the resolved metadata should contain$/,
    run: (w, _, table) => {
      for (const [key, type, raw] of (table ?? []).slice(1)) {
        same(current(w).flagMetadata[key!], parseValue(type!, raw!), `metadata ${key}`);
      }
    },
  },
  { pattern: /^the resolved metadata is empty$/, run: (w) => same(current(w).flagMetadata, {}, 'metadata') },
  {
    pattern: /^the provider status should be "([^"]*)"$/,
    run: (w, [s]) => same(w.client.providerStatus, s, 'provider status'),
  },
  { pattern: /^evaluation options containing specific hooks$/, run: (w) => void (w.optionHooks = true) },
  {
    pattern: /^the flag was evaluated with details using the evaluation options$/,
    run: (w) => {
      const hooks = [recordingHook(w, 'first'), recordingHook(w, 'second')];
      return evaluate(w, w.flag.type, w.flag.key, w.flag.fallback, w.optionHooks ? { hooks } : {});
    },
  },
  {
    pattern: /^the specified hooks should execute during evaluation$/,
    run: (w) => same(new Set(w.calls.map((c) => c.stage)), new Set(['before', 'after', 'finally']), 'hook stages'),
  },
  {
    pattern: /^the hook order should be maintained$/,
    run: (w) => {
      const order = (stage: string) => w.calls.filter((c) => c.stage === stage).map((c) => c.hook);
      same(order('before'), ['first', 'second'], 'before order');
      same(order('after'), ['second', 'first'], 'after order');
    },
  },
  {
    pattern: /^an evaluation context with modifiable data$/,
    run: (w) => {
      w.context = { targetingKey: 'user-7', email: 'someone@example.com', tags: ['a', 'b'], nested: { level: 1 } };
      w.original = structuredClone(w.context);
    },
  },
  {
    pattern: /^the original evaluation context should remain unmodified$/,
    run: (w) => same(w.context, w.original, 'context after evaluation'),
  },
  {
    pattern: /^the evaluation details should be immutable$/,
    run: (w) => void (Object.isFrozen(current(w).flagMetadata) || fail('flag metadata is not frozen')),
  },
  {
    pattern: /^the flag was evaluated with details asynchronously$/,
    run: (w) => void (w.pending = details(w, w.flag.type, w.flag.key, w.flag.fallback, {})),
  },
  {
    pattern: /^the evaluation should complete without blocking$/,
    run: async (w) => {
      if (!(w.pending instanceof Promise)) fail('the evaluation did not return a promise');
      w.details = await w.pending;
    },
  },
  {
    pattern: /^a client with added hook$/,
    run: (w) => void w.client.addHooks(recordingHook(w, 'client')),
  },
  {
    pattern: /^the "(\w+)" hook should have been executed$/,
    run: (w, [stage]) => void (w.calls.some((c) => c.stage === stage) || fail(`no ${stage} hook call`)),
  },
  {
    pattern: /^the "(.*)" hooks should be called with evaluation details$/,
    run: (w, [stages], table) => {
      for (const stage of stages!.split(',').map((s) => s.trim())) {
        const d = w.calls.find((c) => c.stage === stage)?.details ?? fail(`no ${stage} hook with details`);
        const fields: Record<string, unknown> = {
          flag_key: d.flagKey,
          value: d.value,
          variant: d.variant ?? null,
          reason: d.reason,
          error_code: d.errorCode ?? null,
        };
        for (const [type, key, raw] of (table ?? []).slice(1)) {
          same(fields[key!], raw === 'null' ? null : parseValue(type!, raw!), `${stage} ${key}`);
        }
      }
    },
  },
];

export { v2 as currentSteps, evaluate, current, same, fail };
