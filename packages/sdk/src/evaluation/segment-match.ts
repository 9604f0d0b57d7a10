/**
 * Segment conditions compiled for the hot path: operators become small integers and `in` lists
 * become Sets, so matching a context is a few property reads and comparisons.
 * Semantics: docs/sdk-protocol.md §2.2.
 */
import type { Condition, ConditionOp, ConditionScalar, EvaluationContext } from '@ripcord/protocol';

const enum Op {
  Eq,
  Neq,
  In,
  NotIn,
  StartsWith,
  EndsWith,
  Contains,
  Gt,
  Gte,
  Lt,
  Lte,
}

const OP_CODES: Record<ConditionOp, Op> = {
  eq: Op.Eq,
  neq: Op.Neq,
  in: Op.In,
  not_in: Op.NotIn,
  starts_with: Op.StartsWith,
  ends_with: Op.EndsWith,
  contains: Op.Contains,
  gt: Op.Gt,
  gte: Op.Gte,
  lt: Op.Lt,
  lte: Op.Lte,
};

/** A condition ready for evaluation. */
export interface CompiledCondition {
  readonly attribute: string;
  readonly op: Op;
  readonly scalar: ConditionScalar | undefined;
  readonly set: ReadonlySet<ConditionScalar> | undefined;
}

/** A segment ready for evaluation: all conditions must hold. */
export interface CompiledSegment {
  readonly name: string;
  readonly conditions: readonly CompiledCondition[];
}

/** Compiles one (already validated) condition. */
export function compileCondition(c: Condition): CompiledCondition {
  const op = OP_CODES[c.op];
  const list = Array.isArray(c.value);
  return {
    attribute: c.attribute,
    op,
    scalar: list ? undefined : (c.value as ConditionScalar),
    set: list ? new Set(c.value as ConditionScalar[]) : undefined,
  };
}

function isScalar(x: unknown): x is ConditionScalar {
  return typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
}

function compareOrdered(op: Op, x: ConditionScalar, v: ConditionScalar | undefined): boolean {
  // Numbers compare numerically and strings by code units; mixed types never match.
  const bothNumbers = typeof x === 'number' && typeof v === 'number';
  const bothStrings = typeof x === 'string' && typeof v === 'string';
  if (!bothNumbers && !bothStrings) return false;
  const a = x;
  const b = v;
  if (op === Op.Gt) return a > b;
  if (op === Op.Gte) return a >= b;
  if (op === Op.Lt) return a < b;
  return a <= b;
}

/** Whether one condition holds for a context. Missing or non-scalar attributes never match. */
export function conditionHolds(c: CompiledCondition, context: EvaluationContext): boolean {
  const x = context[c.attribute];
  if (!isScalar(x)) return false;
  switch (c.op) {
    case Op.Eq:
      return x === c.scalar;
    case Op.Neq:
      return x !== c.scalar;
    case Op.In:
      return c.set!.has(x);
    case Op.NotIn:
      return !c.set!.has(x);
    case Op.StartsWith:
      return typeof x === 'string' && x.startsWith(c.scalar as string);
    case Op.EndsWith:
      return typeof x === 'string' && x.endsWith(c.scalar as string);
    case Op.Contains:
      return typeof x === 'string' && x.includes(c.scalar as string);
    case Op.Gt:
    case Op.Gte:
    case Op.Lt:
    case Op.Lte:
      return compareOrdered(c.op, x, c.scalar);
  }
}

/** Whether a context is in a segment. */
export function segmentMatches(segment: CompiledSegment, context: EvaluationContext): boolean {
  const conditions = segment.conditions;
  for (let i = 0; i < conditions.length; i++) {
    if (!conditionHolds(conditions[i]!, context)) return false;
  }
  return true;
}
