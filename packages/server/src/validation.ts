import type { z } from 'zod';
import { AppError, type ErrorDetail } from './errors.js';

/** Joins a zod issue path into `a.b[2].c`. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Turns zod issues into error details with a path to each bad field. */
export function zodDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return {
        path: formatPath(prefix, issue.path),
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    return { path: formatPath(prefix, issue.path) || '(root)', message: issue.message };
  });
}

/** Parses `input` with `schema` or throws a 400 `validation_failed` naming every bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string, prefix = ''): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = zodDetails(result.error, prefix);
  const first = details[0];
  throw new AppError(
    'validation_failed',
    `invalid ${what}: ${first ? `${first.path}: ${first.message}` : 'does not match the schema'}`,
    details,
  );
}
