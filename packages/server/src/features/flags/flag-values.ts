import { createHash } from 'node:crypto';
import type { FlagDefinition, FlagType, JsonValue } from '@ripcord/protocol';
import type { ErrorDetail } from '../../errors.js';
import { wellKnownFlags, wellKnownValues } from './flag-schema.js';

/** The flag type a bare value implies: `set ai.tools.enabled false` is a boolean flag. */
export function inferType(value: unknown): FlagType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'string_list';
  return 'json';
}

/** A variant name for a value: the value itself when it is a short name, else a stable hash. */
export function variantNameFor(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (
    (typeof value === 'string' || typeof value === 'number') &&
    /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/.test(String(value))
  ) {
    return String(value);
  }
  return `v-${createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 10)}`;
}

/**
 * Checks a definition against the R3.1 catalogue: a well-known flag must have its declared type
 * and, for the enumerated ones (`ai.route.mode`, `ai.action.mode`), only the allowed values.
 */
export function wellKnownIssues(key: string, definition: FlagDefinition, path = 'definition'): ErrorDetail[] {
  const expected = (wellKnownFlags as Record<string, FlagType | undefined>)[key];
  if (!expected) return unknownAiKeyIssues(key);
  if (definition.type !== expected) {
    return [{ path: `${path}.type`, message: `${key} is a ${expected} flag, not ${definition.type}` }];
  }
  const allowed = wellKnownValues[key];
  const issues: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(definition.variants)) {
    if (allowed && !allowed.includes(value as string)) {
      issues.push({
        path: `${path}.variants.${name}`,
        message: `${key} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`,
      });
    }
    if (key === 'ai.rollout.percent' && (typeof value !== 'number' || value < 0 || value > 100)) {
      issues.push({ path: `${path}.variants.${name}`, message: 'ai.rollout.percent must be a number from 0 to 100' });
    }
  }
  return issues;
}

/**
 * The `ai.` namespace is the R3.1 catalogue: a key in it that is not catalogued is a typo (SDKs would
 * never read `ai.acton.mode`), so it is refused with the known keys and the closest one. Keys outside
 * the namespace are custom flags and stay allowed.
 */
function unknownAiKeyIssues(key: string): ErrorDetail[] {
  if (!key.startsWith('ai.')) return [];
  const known = Object.keys(wellKnownFlags);
  const closest = known
    .map((k) => ({ k, d: editDistance(key, k) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))[0];
  const guess = closest && closest.d <= Math.max(2, Math.floor(key.length / 4)) ? ` (did you mean ${closest.k}?)` : '';
  const message = `not a flag ripcord knows${guess}; the ai.* flags are ${known.join(', ')}, and a custom flag needs a name outside ai.*`;
  return [{ path: 'key', message }];
}

/** Levenshtein distance (insert, delete, substitute each cost 1). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Applies a `value` shorthand to an existing definition. Without a segment the value becomes the
 * flag for everyone (earlier rules are dropped); with one it is added as that segment's rule and
 * everyone else keeps what they had (the definition's default, or the serving bundle's value).
 */
export function applyValue(
  existing: FlagDefinition | undefined,
  value: JsonValue,
  type: FlagType,
  segment?: string,
): FlagDefinition {
  const variant = variantNameFor(value);
  if (segment === undefined) return { type, variants: { [variant]: value }, defaultVariant: variant };
  const base: FlagDefinition = existing && existing.type === type ? structuredClone(existing) : { type, variants: {} };
  base.variants[variant] = value;
  base.rules = [{ segment, variant }, ...(base.rules ?? []).filter((r) => r.segment !== segment)];
  return base;
}
