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

type Issue = z.core.$ZodIssue;

/** Edit distance of two short keys, capped: enough to spot a misspelled field. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let x = 1; x <= a.length; x++) {
    let prev = row[0]!;
    row[0] = x;
    for (let y = 1; y <= b.length; y++) {
      const next = Math.min(row[y]! + 1, row[y - 1]! + 1, prev + (a[x - 1] === b[y - 1] ? 0 : 1));
      prev = row[y]!;
      row[y] = next;
    }
  }
  return row[b.length]!;
}

const isMissing = (issue: Issue): issue is Issue & { code: 'invalid_type' } =>
  issue.code === 'invalid_type' && /received undefined$/.test(issue.message);

/**
 * A union's issues as the branch that got furthest (deepest paths, then fewest issues) would
 * report them: "Invalid input" alone says nothing about which field is wrong.
 */
function flattenUnions(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const depth = (branch: readonly Issue[]) => Math.max(...branch.map((b) => b.path.length));
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0]!;
    if (depth(best) === 0 && best.every((b) => b.code === 'invalid_type')) return [issue];
    return flattenUnions(best.map((b) => ({ ...b, path: [...issue.path, ...b.path] })));
  });
}

/**
 * Turns zod issues into error details with a path to each bad field: unknown fields first (a
 * misspelled field is both unknown and missing, and the unknown one is the cause), with the
 * missing field they probably meant; a missing field says "required".
 */
export function zodDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  const issues = flattenUnions(error.issues);
  const missing = issues.filter(isMissing);
  const meant = (issue: Issue, key: string): string | undefined => {
    const parent = formatPath('', issue.path);
    const match = missing.find((m) => {
      const last = m.path.at(-1);
      return typeof last === 'string' && formatPath('', m.path.slice(0, -1)) === parent && distance(key, last) <= 2;
    });
    return match === undefined ? undefined : String(match.path.at(-1));
  };
  const details = issues.map((issue) => {
    const path = formatPath(prefix, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const named = issue.keys.map((k) => {
        const guess = meant(issue, k);
        return guess === undefined ? `"${k}"` : `"${k}" (did you mean "${guess}"?)`;
      });
      return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${named.join(', ')}`, unknown: true };
    }
    if (isMissing(issue)) return { path: path || '(root)', message: `required (${issue.expected})`, unknown: false };
    return { path: path || '(root)', message: issue.message, unknown: false };
  });
  return [...details.filter((d) => d.unknown), ...details.filter((d) => !d.unknown)].map(({ path, message }) => ({
    path: path || '(root)',
    message,
  }));
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
