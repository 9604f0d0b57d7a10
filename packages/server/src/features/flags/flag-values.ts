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
  if (!expected) return [];
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
