/**
 * Step one of planning: turn the breached gates into one merged *intent* — which components to
 * restore, which flags to set where, whether to pause, how far to lower traffic, the highest level
 * asked for — remembering which gates asked for each part. Each gate uses its own `action`, else
 * the release's `firstRollback` (GATES.md "Actions"); `then: firstRollback` appends it.
 */
import type { GateSpec, RollbackAction } from '../../gates/language/gate-spec.js';
import { TOOL_METRICS } from '../../gates/language/metric-catalog.js';
import type { FlagValue } from './flag-effects.js';
import { LEVEL1_COMPONENTS, maxLevel, numberedLevel, type RollbackLevel } from './rollback-levels.js';
import type { BreachedGate, PlanInput, PlanSource } from './rollback-plan.js';

/** The stand-in gate of a rollback asked for by hand, without a breach. */
export const MANUAL_GATE = 'manual';

/** One `set:` of one action, with the gates that asked and the segments they breached in. */
export interface FlagRequest {
  flag: string;
  value: FlagValue;
  scope: 'all' | 'affected-segments';
  gates: string[];
  segments: string[];
}

/** Everything the breached gates ask for, merged. */
export interface Intent {
  /** Component name as written → gates asking for it. */
  restore: Map<string, string[]>;
  /** The highest level asked for, and every gate that asked for a level. */
  level: { level: RollbackLevel; gates: string[] } | null;
  flags: FlagRequest[];
  /** Gates asking to pause (empty: no pause). */
  pause: string[];
  rollout: { to: 0 | 'previous-stage'; gates: string[] }[];
  sources: PlanSource[];
  /** Gates covered, in ticket order. */
  covers: string[];
  notes: string[];
}

interface Sourced {
  source: PlanSource;
  gates: string[];
  action: RollbackAction;
}

/** Merges the actions of every breached gate (or the override / the readiness dry run). */
export function collectIntent(input: PlanInput): Intent {
  const covers = orderGates(input);
  const intent: Intent = {
    restore: new Map(),
    level: null,
    flags: [],
    pause: [],
    rollout: [],
    sources: [],
    covers,
    notes: [],
  };
  for (const s of sourcedActions(input, covers, intent.notes)) {
    intent.sources.push(s.source);
    addAction(intent, s, segmentsOf(input.breached, s.gates));
    if (s.action.level === 1 && s.action.restore === undefined) addModelPackage(intent, input, s.gates);
  }
  const asked = input.override?.level ?? input.requestedLevel;
  if (asked !== undefined) raiseLevel(intent, numberedLevel(asked), covers);
  if (asked === 1 && intent.restore.size === 0) addModelPackage(intent, input, covers);
  return intent;
}

/** Breached gate names in ticket order; names the ticket lacks follow in the order given. */
function orderGates(input: PlanInput): string[] {
  const names = new Set(input.breached.map((b) => b.gate));
  const inTicket = Array.isArray(input.release.gates)
    ? input.release.gates.map((g) => g.name).filter((n) => names.has(n))
    : [];
  return [...new Set([...inTicket, ...input.breached.map((b) => b.gate)])];
}

function sourcedActions(input: PlanInput, covers: string[], notes: string[]): Sourced[] {
  const first = input.release.firstRollback;
  const chain = (source: PlanSource, gates: string[], action: RollbackAction): Sourced[] => {
    const own: Sourced = { source, gates, action };
    if (action.then !== 'firstRollback') return [own];
    return [own, { source: { gate: source.gate, from: 'firstRollback' }, gates, action: first }];
  };
  if (input.override?.action !== undefined)
    return chain({ gate: null, from: 'override' }, covers, input.override.action);
  if (input.breached.length === 0) return [{ source: { gate: null, from: 'readiness' }, gates: [], action: first }];
  const specs = Array.isArray(input.release.gates) ? input.release.gates : [];
  return covers.flatMap((gate) => {
    const breach = input.breached.find((b) => b.gate === gate);
    const spec = specs.find((g) => g.name === gate);
    const action = breach?.action ?? spec?.action;
    if (action !== undefined) return chain({ gate, from: 'action' }, [gate], action);
    // A tool-call gate's smallest rollback turns the tools off (R5.2 "unsafe tool call → disable tools").
    const tools = spec === undefined ? undefined : toolsOff(spec, input);
    if (tools !== undefined) return [{ source: { gate, from: 'action' }, gates: [gate], action: tools }];
    // `manual` stands for a rollback asked for by hand (release-rollback.ts): nothing to explain.
    if (gate !== MANUAL_GATE && !specs.some((g) => g.name === gate))
      notes.push(`"${gate}" is not a gate of this release; its breach uses firstRollback`);
    return [{ source: { gate, from: 'firstRollback' }, gates: [gate], action: first }];
  });
}

/**
 * For a tool-call gate without its own action: the tool's own flag off (`ai.tools.<tool>.enabled`,
 * when the candidate bundle or the live flags have one), else `ai.tools.enabled: false`, for all
 * traffic. `undefined` for other gates.
 */
function toolsOff(spec: GateSpec, input: PlanInput): RollbackAction | undefined {
  if (!TOOL_METRICS.has(spec.metric)) return undefined;
  const own = spec.tool === undefined ? undefined : `ai.tools.${spec.tool}.enabled`;
  const known = own !== undefined && (own in (input.candidate.flags ?? {}) || own in (input.live.flags ?? {}));
  return { set: { [known ? own : 'ai.tools.enabled']: false }, scope: 'all' };
}

function segmentsOf(breached: readonly BreachedGate[], gates: readonly string[]): string[] {
  const segments = breached.filter((b) => gates.includes(b.gate)).flatMap((b) => b.segments ?? []);
  return [...new Set(segments)].sort();
}

function addAction(intent: Intent, s: Sourced, segments: string[]): void {
  const { action, gates } = s;
  for (const component of action.restore ?? [])
    intent.restore.set(component, union(intent.restore.get(component), gates));
  for (const [flag, value] of Object.entries(action.set ?? {}))
    intent.flags.push({ flag, value, scope: action.scope ?? 'all', gates, segments });
  if (action.pause === true) intent.pause = union(intent.pause, gates);
  if (action.rollout !== undefined) intent.rollout.push({ to: action.rollout, gates });
  if (action.level !== undefined) raiseLevel(intent, numberedLevel(action.level), gates);
}

/**
 * A bare `level: 1` means "restore the model package" (R5.3), whatever other gates restore, so
 * its gates stay covered when another gate's action lists other components.
 */
function addModelPackage(intent: Intent, input: PlanInput, gates: readonly string[]): void {
  for (const c of LEVEL1_COMPONENTS) {
    if (c in input.control.components || c in input.candidate.components)
      intent.restore.set(c, union(intent.restore.get(c), gates));
  }
}

/** Keeps the highest level; every gate that asked for any level is covered by the highest one. */
function raiseLevel(intent: Intent, level: RollbackLevel, gates: readonly string[]): void {
  const current = intent.level;
  intent.level =
    current === null
      ? { level, gates: [...gates] }
      : { level: maxLevel(current.level, level), gates: union(current.gates, gates) };
}

/** Union of two gate lists, keeping first-seen order. */
export function union(a: readonly string[] | undefined, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])];
}
