/**
 * What the R3.1 flags mean to a rollback: which values are valid, and which direction of change
 * *reduces* automation or exposure. The planner uses the order to merge the flag steps of several
 * gates (the most restrictive value wins), and the authority check uses it to recognise a change
 * that only reduces automation, which the incident commander may always make (R6.2).
 */

import canonicalize from 'canonicalize';

/** A flag value a rollback action may set (the `set:` values of gate-spec.ts). */
export type FlagValue = string | number | boolean | string[];
/** A flag value in force: bundles may also ship JSON objects (bundle-schema.ts `flagValueSchema`). */
export type LiveFlagValue = FlagValue | Readonly<Record<string, unknown>>;

/**
 * `ai.action.mode` from least to most restrictive. `queued` still executes, only later;
 * `human-review` executes after a person approves each action; `draft-only` never executes, a
 * person writes the final action from the draft. So draft-only is the strongest reduction.
 */
export const ACTION_MODES = ['automatic', 'queued', 'human-review', 'draft-only'] as const;
/** One of {@link ACTION_MODES}. */
export type ActionMode = (typeof ACTION_MODES)[number];

/** How a known flag's values are checked and ordered. */
interface FlagRule {
  /** Why a value is invalid, or `undefined` when it is valid. */
  invalid(value: FlagValue): string | undefined;
  /** Restrictiveness rank (higher = less automation or exposure); `undefined` when unordered. */
  rank?(value: FlagValue): number | undefined;
}

const oneOf =
  (values: readonly string[]): FlagRule['invalid'] =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`;
const nonEmptyString: FlagRule['invalid'] = (v) =>
  typeof v === 'string' && v.length > 0 ? undefined : 'must be a non-empty string';

/** The flags ripcord knows (R3.1). Unknown flags are allowed and treated as unordered. */
const KNOWN_FLAGS: Readonly<Record<string, FlagRule>> = {
  'ai.action.mode': {
    invalid: oneOf(ACTION_MODES),
    rank: (v) => (typeof v === 'string' ? rankOrUndefined(ACTION_MODES.indexOf(v as ActionMode)) : undefined),
  },
  'ai.tools.enabled': {
    invalid: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
    rank: (v) => (v === false ? 1 : v === true ? 0 : undefined),
  },
  'ai.rollout.percent': {
    invalid: (v) => (typeof v === 'number' && v >= 0 && v <= 100 ? undefined : 'must be a number from 0 to 100'),
    // Less traffic on the candidate is the reduction, so the rank grows as the percent falls.
    rank: (v) => (typeof v === 'number' ? 100 - v : undefined),
  },
  'ai.route.mode': { invalid: oneOf(['sync', 'async', 'batch']) },
  'ai.route.provider': { invalid: nonEmptyString },
  'ai.prompt.version': { invalid: nonEmptyString },
  'ai.route.fallback': {
    invalid: (v) => (Array.isArray(v) && v.length > 0 ? undefined : 'must be a non-empty list of routes'),
  },
};

function rankOrUndefined(index: number): number | undefined {
  return index < 0 ? undefined : index;
}

/** A tool's own switch, `ai.tools.<tool>.enabled`: ordered like `ai.tools.enabled` (off is the reduction). */
const TOOL_FLAG = /^ai\.tools\.[^.]+\.enabled$/;

function ruleOf(flag: string): FlagRule | undefined {
  return Object.hasOwn(KNOWN_FLAGS, flag)
    ? KNOWN_FLAGS[flag]
    : TOOL_FLAG.test(flag)
      ? KNOWN_FLAGS['ai.tools.enabled']
      : undefined;
}

/** Why `value` is not valid for `flag`, or `undefined` (also for flags ripcord does not know). */
export function flagValueIssue(flag: string, value: FlagValue): string | undefined {
  return ruleOf(flag)?.invalid(value);
}

/** Restrictiveness of `value` for `flag`; `undefined` when the flag has no order. */
export function flagRank(flag: string, value: FlagValue): number | undefined {
  return ruleOf(flag)?.rank?.(value);
}

/** True when the flag's values are ordered by restrictiveness (so conflicts resolve by rank). */
export function isOrderedFlag(flag: string): boolean {
  return ruleOf(flag)?.rank !== undefined;
}

/**
 * True when moving `flag` from `from` to `to` only reduces automation or exposure (action mode
 * towards draft-only, tools off, less rollout). An unknown current value counts as the least
 * restrictive one, because the reduction is then at least as strong as intended.
 */
export function isReduction(flag: string, from: LiveFlagValue | undefined, to: FlagValue): boolean {
  const target = flagRank(flag, to);
  if (target === undefined) return false;
  const current = from === undefined || isObject(from) ? undefined : flagRank(flag, from);
  return current === undefined || target >= current;
}

/** Structural equality of two flag values (lists in order; objects by canonical JSON). */
export function sameFlagValue(a: LiveFlagValue | undefined, b: LiveFlagValue | undefined): boolean {
  if (typeof a === 'object' && typeof b === 'object') return canonicalize(a) === canonicalize(b);
  return a === b;
}

function isObject(v: LiveFlagValue): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && !Array.isArray(v);
}
