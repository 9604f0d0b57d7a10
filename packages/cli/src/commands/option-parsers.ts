import fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { CliContext } from '../context.js';
import type { Output } from '../output.js';

/*
 * Option values checked while the command line is parsed: a wrong one is a usage error (exit 2,
 * with commander's "option '--x' argument 'y' is invalid" and the reason), never a request.
 */

/** A whole number ≥ 1, kept as the string the server expects (`--limit`). */
export function positiveInteger(value: string): string {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return value.trim();
}

/** A whole number ≥ 0, kept as the string given (`--passed`). */
export function wholeNumber(value: string): string {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return value.trim();
}

/** A rollback level: 1, 2, 3 or 4, kept as the string given (`--level`). */
export function levelNumber(value: string): string {
  if (!/^[1-4]$/.test(value.trim())) throw new InvalidArgumentError('expected a rollback level: 1, 2, 3 or 4.');
  return value.trim();
}

/** A number from `min` to `max`. */
export function numberBetween(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}.`);
    return n;
  };
}

/** A file that exists (or "-" for stdin); repeatable. */
export function existingFiles(value: string, previous: string[] | undefined): string[] {
  if (value !== '-' && !fs.existsSync(value)) throw new InvalidArgumentError(`${value}: no such file.`);
  return [...(previous ?? []), value];
}

/** Repeats an option, checking each value with `check` (which throws an Error saying what is wrong). */
export function repeatable(check: (value: string) => unknown): (value: string, previous: string[]) => string[] {
  return (value, previous) => {
    try {
      check(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
    return [...previous, value];
  };
}

/** Reports a usage error found in a positional argument: the message, exit 2. */
export function usageError(ctx: CliContext, output: Output, message: string): void {
  output.err(`error: ${message}`);
  ctx.exitCode = 2;
}
