/** Step definitions for the deprecated evaluation.feature (flagd's testbed wording), on the same world. */
import type { StepDefinition } from './gherkin-runner.js';
import type { World } from './conformance-world.js';
import { current, evaluate, fail, parseValue, same } from './conformance-steps.js';

const TYPE = '(boolean|string|integer|float)';

/** Evaluates and keeps the value only (the `…Value` methods): the details carry the same value. */
async function value(w: World, type: string, key: string, fallback: unknown): Promise<void> {
  w.flag = { type, key, fallback: fallback as never };
  await evaluate(w, type, key, w.flag.fallback);
  w.value = current(w).value;
}

function objectFields(w: World, f: string[], v: string[]): void {
  const obj = (current(w).value ?? fail('no object')) as Record<string, unknown>;
  same(obj[f[0]!], v[0] === 'true', f[0]!);
  same(obj[f[1]!], v[1], f[1]!);
  same(obj[f[2]!], Number(v[2]), f[2]!);
}

/** evaluation.feature steps. */
export const legacySteps: StepDefinition<World>[] = [
  {
    pattern: new RegExp(`^an? ${TYPE} flag with key "(.*)" is evaluated with default value "?([^"]*)"?$`),
    run: (w, [type, key, raw]) => value(w, type!, key!, parseValue(type!, raw!)),
  },
  {
    pattern: /^an object flag with key "(.*)" is evaluated with a null default value$/,
    run: (w, [key]) => value(w, 'object', key!, null),
  },
  {
    pattern: new RegExp(`^the resolved ${TYPE} value should be "?([^"]*)"?$`),
    run: (w, [type, raw]) => same(w.value, parseValue(type!, raw!), 'value'),
  },
  {
    pattern:
      /^the resolved object (?:details )?value should be contain fields "(.*)", "(.*)", and "(.*)", with values "(.*)", "(.*)" and (\d+), respectively$/,
    run: (w, [f1, f2, f3, v1, v2, v3]) => objectFields(w, [f1!, f2!, f3!], [v1!, v2!, v3!]),
  },
  {
    pattern: new RegExp(`^an? ${TYPE} flag with key "(.*)" is evaluated with details and default value "?([^"]*)"?$`),
    run: (w, [type, key, raw]) => value(w, type!, key!, parseValue(type!, raw!)),
  },
  {
    pattern: /^an object flag with key "(.*)" is evaluated with details and a null default value$/,
    run: (w, [key]) => value(w, 'object', key!, null),
  },
  {
    pattern: new RegExp(
      `^the resolved ${TYPE} details value should be "?([^"]*)"?, the variant should be "(.*)", and the reason should be "(.*)"$`,
    ),
    run: (w, [type, raw, variant, reason]) => {
      same(current(w).value, parseValue(type!, raw!), 'value');
      same(current(w).variant, variant, 'variant');
      same(current(w).reason, reason, 'reason');
    },
  },
  {
    pattern: /^the variant should be "(.*)", and the reason should be "(.*)"$/,
    run: (w, [variant, reason]) => {
      same(current(w).variant, variant, 'variant');
      same(current(w).reason, reason, 'reason');
    },
  },
  {
    pattern: /^context contains keys "(.*)", "(.*)", "(.*)", "(.*)" with values "(.*)", "(.*)", (\d+), "(.*)"$/,
    run: (w, [k1, k2, k3, k4, v1, v2, v3, v4]) =>
      void (w.context = { [k1!]: v1!, [k2!]: v2!, [k3!]: Number(v3), [k4!]: v4 === 'true' }),
  },
  {
    pattern: /^a flag with key "(.*)" is evaluated with default value "(.*)"$/,
    run: (w, [key, raw]) => value(w, 'string', key!, raw!),
  },
  { pattern: /^the resolved string response should be "(.*)"$/, run: (w, [v]) => same(w.value, v, 'value') },
  {
    pattern: /^the resolved flag value is "(.*)" when the context is empty$/,
    run: async (w, [v]) => {
      w.context = {};
      await value(w, 'string', w.flag.key, w.flag.fallback);
      same(w.value, v, 'value with an empty context');
    },
  },
  {
    pattern: /^a non-existent string flag with key "(.*)" is evaluated with details and a fallback value "(.*)"$/,
    run: (w, [key, raw]) => value(w, 'string', key!, raw!),
  },
  {
    pattern: /^a string flag with key "(.*)" is evaluated as an integer, with details and a fallback value (\d+)$/,
    run: (w, [key, raw]) => value(w, 'integer', key!, Number(raw)),
  },
  {
    pattern: /^the default (string|integer) value should be returned$/,
    run: (w) => same(current(w).value, w.flag.fallback, 'value'),
  },
  {
    pattern:
      /^the reason should indicate an error and the error code should indicate an? (?:missing flag|type mismatch) with "(.*)"$/,
    run: (w, [code]) => {
      same(current(w).reason, 'ERROR', 'reason');
      same(current(w).errorCode, code, 'error code');
    },
  },
];
