/**
 * Type categories for checking a resolved value against the caller's default: boolean, string,
 * number, or structured (array, object or null). A value in another category than the default
 * would break the caller's code, so it is reported as TYPE_MISMATCH and the default is kept.
 */

/** The category of a value: 0 boolean, 1 string, 2 number, 3 structured, 4 anything else. */
export function kindOf(v: unknown): number {
  const t = typeof v;
  if (t === 'boolean') return 0;
  if (t === 'string') return 1;
  if (t === 'number') return 2;
  return t === 'object' ? 3 : 4;
}

/** Whether `value` is in the same category as `defaultValue`. */
export function sameKind(defaultValue: unknown, value: unknown): boolean {
  return kindOf(defaultValue) === kindOf(value);
}
