/**
 * The flag steps of a plan: the `set:` requests of every breached gate merged into the fewest
 * steps. For an ordered flag (action mode, tools, rollout percent) the most restrictive value
 * wins, and a segment request that an all-traffic step already covers is dropped as covered. For
 * an unordered flag (a route, a prompt version) two different values are a conflict a human must
 * confirm; the first in ticket order is planned. A value already in force is a no-op.
 */
import {
  flagRank,
  isOrderedFlag,
  isReduction,
  sameFlagValue,
  type FlagValue,
  type LiveFlagValue,
} from './flag-effects.js';
import { MANUAL_GATE, union, type FlagRequest } from './plan-intent.js';
import type { LiveState, Noop, PlanStep } from './rollback-plan.js';

/** The flag part of a plan. */
export interface FlagResult {
  steps: PlanStep[];
  noops: Noop[];
  conflicts: string[];
  notes: string[];
}

/** A request with its scope resolved: `segments: null` means all traffic. */
interface Scoped {
  value: FlagValue;
  segments: string[] | null;
  gates: string[];
}

/** Merges every flag request into steps, in the order the flags were first asked for. */
export function resolveFlags(
  requests: readonly FlagRequest[],
  live: LiveState,
  shipped: Readonly<Record<string, LiveFlagValue>>,
): FlagResult {
  const result: FlagResult = { steps: [], noops: [], conflicts: [], notes: [] };
  const flags = [...new Set(requests.map((r) => r.flag))];
  for (const flag of flags) {
    const scoped = requests.filter((r) => r.flag === flag).map((r) => scope(r, result.notes));
    const merged = isOrderedFlag(flag) ? mergeOrdered(flag, scoped, result) : mergeUnordered(flag, scoped, result);
    for (const m of merged) emit(flag, m, live, shipped, result);
  }
  return result;
}

function scope(r: FlagRequest, notes: string[]): Scoped {
  if (r.scope === 'all') return { value: r.value, segments: null, gates: r.gates };
  if (r.segments.length > 0) return { value: r.value, segments: r.segments, gates: r.gates };
  // Widening is the safe direction: the breach was not broken down, so every segment may be affected.
  const gates = r.gates.filter((g) => g !== MANUAL_GATE);
  notes.push(
    gates.length === 0
      ? `${r.flag}: no breach names segments (a rollback by hand, or the plan readiness shows); the affected-segments step applies to all traffic`
      : `${r.flag}: ${gates.join(', ')} breached without a segment breakdown; the affected-segments step applies to all traffic`,
  );
  return { value: r.value, segments: null, gates: r.gates };
}

function rank(flag: string, value: FlagValue): number {
  return flagRank(flag, value) ?? -1;
}

/** One all-traffic step with the strongest value, plus segment steps only where they are stronger. */
function mergeOrdered(flag: string, scoped: Scoped[], result: FlagResult): Scoped[] {
  const everywhere = scoped.filter((s) => s.segments === null);
  const best = everywhere.reduce<Scoped | null>(
    (b, s) => (b === null || rank(flag, s.value) > rank(flag, b.value) ? s : b),
    null,
  );
  const all: Scoped | null =
    best === null
      ? null
      : {
          value: best.value,
          segments: null,
          gates: union(
            [],
            everywhere.flatMap((s) => s.gates),
          ),
        };
  const perSegment = new Map<string, { value: FlagValue; gates: string[] }>();
  for (const s of scoped) {
    if (s.segments === null) continue;
    if (all !== null && rank(flag, s.value) <= rank(flag, all.value)) {
      const what = `set ${flag}=${String(s.value)} for ${s.segments.join(', ')}`;
      result.noops.push({
        what,
        reason: `covered by setting ${flag}=${String(all.value)} for all traffic`,
        gates: s.gates,
      });
      all.gates = union(all.gates, s.gates);
      continue;
    }
    for (const seg of s.segments) {
      const prev = perSegment.get(seg);
      if (prev === undefined || rank(flag, s.value) > rank(flag, prev.value))
        perSegment.set(seg, { value: s.value, gates: union(prev?.gates, s.gates) });
      else prev.gates = union(prev.gates, s.gates);
    }
  }
  return [...(all === null ? [] : [all]), ...groupByValue(perSegment)];
}

function groupByValue(perSegment: Map<string, { value: FlagValue; gates: string[] }>): Scoped[] {
  const groups: Scoped[] = [];
  for (const [seg, { value, gates }] of [...perSegment].sort(([a], [b]) => a.localeCompare(b))) {
    const group = groups.find((g) => sameFlagValue(g.value, value));
    if (group === undefined) groups.push({ value, segments: [seg], gates: [...gates] });
    else {
      group.segments = [...(group.segments ?? []), seg];
      group.gates = union(group.gates, gates);
    }
  }
  return groups;
}

/** Equal values merge; different values are a conflict, and the first in ticket order is planned. */
function mergeUnordered(flag: string, scoped: Scoped[], result: FlagResult): Scoped[] {
  const [first] = scoped;
  if (first === undefined) return [];
  const others = scoped.filter((s) => !sameFlagValue(s.value, first.value));
  if (others.length > 0)
    result.conflicts.push(
      `${flag}: ${first.gates.join(', ')} set ${JSON.stringify(first.value)} but ${others.map((o) => `${o.gates.join(', ')} set ${JSON.stringify(o.value)}`).join('; ')}; ${JSON.stringify(first.value)} is planned and a human must confirm`,
    );
  const same = scoped.filter((s) => sameFlagValue(s.value, first.value));
  const everywhere = same.some((s) => s.segments === null);
  const segments = everywhere ? null : [...new Set(same.flatMap((s) => s.segments ?? []))].sort();
  return [
    {
      value: first.value,
      segments,
      gates: union(
        [],
        same.flatMap((s) => s.gates),
      ),
    },
  ];
}

/** Adds the step, minus the segments where the value is already in force. */
function emit(
  flag: string,
  m: Scoped,
  live: LiveState,
  shipped: Readonly<Record<string, LiveFlagValue>>,
  result: FlagResult,
): void {
  const base = live.flags ?? shipped;
  const current = (segment: string | null): LiveFlagValue | undefined =>
    segment === null ? base[flag] : (live.segmentFlags?.[segment]?.[flag] ?? base[flag]);
  const where = m.segments ?? [null];
  const pending = where.filter((seg) => !sameFlagValue(current(seg), m.value));
  if (pending.length < where.length) {
    const already = where.filter((seg) => !pending.includes(seg)).map((seg) => seg ?? 'all traffic');
    result.noops.push({
      what: `set ${flag}=${String(m.value)} for ${already.join(', ')}`,
      reason: `${flag} is already ${String(m.value)} there`,
      gates: m.gates,
    });
  }
  if (pending.length === 0) return;
  const segments = m.segments === null ? null : (pending as string[]);
  const reducesAutomation = pending.every((seg) => isReduction(flag, current(seg), m.value));
  const text = `set ${flag} = ${JSON.stringify(m.value)} for ${segments === null ? 'all traffic' : `segments ${segments.join(', ')}`}`;
  result.steps.push({
    kind: 'set-flag',
    level: 'flags',
    flag,
    value: m.value,
    segments,
    reducesAutomation,
    gates: m.gates,
    text,
  });
}
