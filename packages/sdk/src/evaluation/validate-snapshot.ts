/**
 * Structural validation of configuration snapshots (docs/sdk-protocol.md §2.1). The SDK runs it on
 * every incoming message before swapping the snapshot in, and the server can run it on what it is
 * about to publish, so both sides reject exactly the same things with the same paths.
 */
import type { ConditionOp, ConfigSnapshot, FlagType } from '@ripcord/protocol';

/** One problem found in a snapshot, with a dotted path to the offending value. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** The outcome of {@link validateSnapshot}: the typed snapshot, or every issue found (capped). */
export type ValidationResult = { ok: true; snapshot: ConfigSnapshot } | { ok: false; issues: ValidationIssue[] };

const MAX_ISSUES = 50;
const FLAG_TYPES: ReadonlySet<string> = new Set<FlagType>(['boolean', 'string', 'number', 'string_list', 'json']);
const SCALAR_OPS: ReadonlySet<string> = new Set<ConditionOp>(['eq', 'neq']);
const LIST_OPS: ReadonlySet<string> = new Set<ConditionOp>(['in', 'not_in']);
const STRING_OPS: ReadonlySet<string> = new Set<ConditionOp>(['starts_with', 'ends_with', 'contains']);
const ORDER_OPS: ReadonlySet<string> = new Set<ConditionOp>(['gt', 'gte', 'lt', 'lte']);

type Obj = Record<string, unknown>;

class Issues {
  readonly list: ValidationIssue[] = [];
  add(path: string, message: string): void {
    if (this.list.length < MAX_ISSUES) this.list.push({ path, message });
  }
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRevision(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Whether a JSON value conforms to a declared flag type. */
export function conformsToType(type: FlagType, v: unknown): boolean {
  switch (type) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string_list':
      return Array.isArray(v) && v.every((e) => typeof e === 'string');
    case 'json':
      return v !== undefined;
  }
}

/** Whether `p` is a valid percent: finite, 0–100, and a whole number of hundredths. */
export function isValidPercent(p: unknown): p is number {
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) return false;
  return Math.abs(p * 100 - Math.round(p * 100)) < 1e-6;
}

function checkCondition(c: unknown, path: string, issues: Issues): void {
  if (!isObject(c)) return issues.add(path, 'must be an object');
  if (!isNonEmptyString(c.attribute)) issues.add(`${path}.attribute`, 'must be a non-empty string');
  const op = c.op;
  const v = c.value;
  if (typeof op !== 'string') return issues.add(`${path}.op`, 'must be a string');
  if (SCALAR_OPS.has(op)) {
    if (!isScalar(v)) issues.add(`${path}.value`, `${op} needs a string, finite number or boolean`);
  } else if (LIST_OPS.has(op)) {
    if (!Array.isArray(v) || !v.every(isScalar)) issues.add(`${path}.value`, `${op} needs an array of scalars`);
  } else if (STRING_OPS.has(op)) {
    if (typeof v !== 'string') issues.add(`${path}.value`, `${op} needs a string`);
  } else if (ORDER_OPS.has(op)) {
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
      issues.add(`${path}.value`, `${op} needs a finite number or a string`);
    }
  } else {
    issues.add(`${path}.op`, `unknown operator "${op}"`);
  }
}

function checkSegments(segments: unknown, path: string, issues: Issues): void {
  if (!isObject(segments)) return issues.add(path, 'must be an object');
  for (const name of Object.keys(segments)) {
    const seg = segments[name];
    const p = `${path}.${name}`;
    if (!isObject(seg) || !Array.isArray(seg.conditions)) {
      issues.add(`${p}.conditions`, 'must be an array');
      continue;
    }
    const conditions: unknown[] = seg.conditions;
    for (let i = 0; i < conditions.length; i++) checkCondition(conditions[i], `${p}.conditions[${i}]`, issues);
  }
}

function checkRules(rules: unknown, variants: Obj, segments: Obj, path: string, issues: Issues): void {
  if (rules === undefined) return;
  if (!Array.isArray(rules)) return issues.add(path, 'must be an array');
  for (let i = 0; i < rules.length; i++) {
    const r: unknown = rules[i];
    const p = `${path}[${i}]`;
    if (!isObject(r)) {
      issues.add(p, 'must be an object');
      continue;
    }
    if (typeof r.segment !== 'string' || !Object.hasOwn(segments, r.segment)) {
      issues.add(`${p}.segment`, 'must name a segment of this workflow');
    }
    if (typeof r.variant !== 'string' || !Object.hasOwn(variants, r.variant)) {
      issues.add(`${p}.variant`, 'must name a variant of this flag');
    }
  }
}

function checkFlag(def: unknown, segments: Obj, path: string, issues: Issues): void {
  if (!isObject(def)) return issues.add(path, 'must be an object');
  const type = def.type;
  if (typeof type !== 'string' || !FLAG_TYPES.has(type)) {
    return issues.add(`${path}.type`, 'must be one of boolean, string, number, string_list, json');
  }
  const variants = def.variants;
  if (!isObject(variants) || Object.keys(variants).length === 0) {
    return issues.add(`${path}.variants`, 'must be an object with at least one variant');
  }
  for (const name of Object.keys(variants)) {
    if (!conformsToType(type as FlagType, variants[name])) issues.add(`${path}.variants.${name}`, `is not a ${type}`);
  }
  const dv = def.defaultVariant;
  if (dv !== undefined && (typeof dv !== 'string' || !Object.hasOwn(variants, dv))) {
    issues.add(`${path}.defaultVariant`, 'must name a variant of this flag');
  }
  checkRules(def.rules, variants, segments, `${path}.rules`, issues);
  if (def.disabled !== undefined && typeof def.disabled !== 'boolean')
    issues.add(`${path}.disabled`, 'must be a boolean');
  checkMetadata(def.metadata, `${path}.metadata`, issues);
}

function checkMetadata(metadata: unknown, path: string, issues: Issues): void {
  if (metadata === undefined) return;
  if (!isObject(metadata)) return issues.add(path, 'must be an object');
  for (const key of Object.keys(metadata)) {
    if (!isScalar(metadata[key])) issues.add(`${path}.${key}`, 'must be a string, finite number or boolean');
  }
}

function checkBundle(b: unknown, path: string, issues: Issues): void {
  if (!isObject(b)) return issues.add(path, 'must be an object');
  if (!isNonEmptyString(b.version)) issues.add(`${path}.version`, 'must be a non-empty string');
  if (!isObject(b.flags)) issues.add(`${path}.flags`, 'must be an object');
}

function checkSplit(split: unknown, hasCandidate: boolean, segments: Obj, path: string, issues: Issues): void {
  if (split === undefined) return;
  if (!isObject(split)) return issues.add(path, 'must be an object');
  if (!hasCandidate) issues.add(path, 'requires bundles.candidate');
  if (!isNonEmptyString(split.release)) issues.add(`${path}.release`, 'must be a non-empty string');
  if (!isValidPercent(split.percent)) issues.add(`${path}.percent`, 'must be 0–100 with 0.01 resolution');
  const eligible = split.eligibleSegment;
  if (eligible !== undefined && (typeof eligible !== 'string' || !Object.hasOwn(segments, eligible))) {
    issues.add(`${path}.eligibleSegment`, 'must name a segment of this workflow');
  }
  const overrides = split.segmentPercents;
  if (overrides === undefined) return;
  if (!Array.isArray(overrides)) return issues.add(`${path}.segmentPercents`, 'must be an array');
  for (let i = 0; i < overrides.length; i++) {
    const o: unknown = overrides[i];
    const p = `${path}.segmentPercents[${i}]`;
    if (!isObject(o)) {
      issues.add(p, 'must be an object');
      continue;
    }
    if (typeof o.segment !== 'string' || !Object.hasOwn(segments, o.segment)) {
      issues.add(`${p}.segment`, 'must name a segment of this workflow');
    }
    if (!isValidPercent(o.percent)) issues.add(`${p}.percent`, 'must be 0–100 with 0.01 resolution');
  }
}

function checkWorkflow(wf: unknown, snapshotRevision: unknown, path: string, issues: Issues): void {
  if (!isObject(wf)) return issues.add(path, 'must be an object');
  if (!isRevision(wf.revision)) issues.add(`${path}.revision`, 'must be an integer ≥ 1');
  else if (isRevision(snapshotRevision) && wf.revision > snapshotRevision) {
    issues.add(`${path}.revision`, 'must not exceed the snapshot revision');
  }
  checkSegments(wf.segments, `${path}.segments`, issues);
  const segments = isObject(wf.segments) ? wf.segments : {};
  if (!isObject(wf.flags)) issues.add(`${path}.flags`, 'must be an object');
  else for (const key of Object.keys(wf.flags)) checkFlag(wf.flags[key], segments, `${path}.flags.${key}`, issues);
  const bundles = wf.bundles;
  if (!isObject(bundles)) return issues.add(`${path}.bundles`, 'must be an object');
  checkBundle(bundles.control, `${path}.bundles.control`, issues);
  if (bundles.candidate !== undefined) checkBundle(bundles.candidate, `${path}.bundles.candidate`, issues);
  checkSplit(wf.split, bundles.candidate !== undefined, segments, `${path}.split`, issues);
}

/**
 * Checks that `value` is a well-formed {@link ConfigSnapshot}. Pure; never throws.
 * A snapshot with any issue must be rejected as a whole.
 */
export function validateSnapshot(value: unknown): ValidationResult {
  return validateChanged(value, undefined);
}

/**
 * {@link validateSnapshot} for the SDK's accept path: `unchanged` names workflows whose JSON is
 * exactly that of a workflow that already passed validation (in the last applied snapshot). Their
 * checks are skipped, except the one that depends on the rest of the snapshot (revision ≤ the
 * snapshot revision); the result is the same as validating everything.
 */
export function validateChanged(value: unknown, unchanged: ReadonlyMap<string, unknown> | undefined): ValidationResult {
  const issues = new Issues();
  if (!isObject(value)) return { ok: false, issues: [{ path: '', message: 'snapshot must be an object' }] };
  if (!isNonEmptyString(value.environment)) issues.add('environment', 'must be a non-empty string');
  if (!isRevision(value.revision)) issues.add('revision', 'must be an integer ≥ 1');
  if (typeof value.generatedAt !== 'string') issues.add('generatedAt', 'must be a string');
  if (!isObject(value.workflows)) issues.add('workflows', 'must be an object');
  else {
    const workflows = value.workflows;
    for (const name of Object.keys(workflows)) {
      const wf = workflows[name];
      if (unchanged?.has(name) && isRevision(value.revision) && (wf as { revision: number }).revision <= value.revision)
        continue;
      checkWorkflow(wf, value.revision, `workflows.${name}`, issues);
    }
  }
  if (issues.list.length > 0) return { ok: false, issues: issues.list };
  return { ok: true, snapshot: value as unknown as ConfigSnapshot };
}
