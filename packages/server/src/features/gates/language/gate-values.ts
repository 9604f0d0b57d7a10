/**
 * The small value grammar of gate tickets: durations (`30s`, `5m`, `24h`), percentages (`"1.0%"`),
 * percentage points (`"5pp"`) and multiples (`"2x"`). Parsers return `undefined` on bad input so
 * that the zod schema can report the exact path; nothing here throws.
 */

const DURATION_UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const DURATION_WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PERCENT = /^(-?\d+(?:\.\d+)?)\s*%$/;
const POINTS = /^(-?\d+(?:\.\d+)?)\s*pp$/;
const MULTIPLE = /^(\d+(?:\.\d+)?)\s*x$/;

/** Parses `30s`, `5m`, `24h`, `1h30m`, `1d` into milliseconds; `undefined` if malformed or zero. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_WHOLE.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(DURATION_PART)) {
    const unit = match[2] as keyof typeof DURATION_UNIT_MS;
    total += Number(match[1]) * DURATION_UNIT_MS[unit];
  }
  return total > 0 ? total : undefined;
}

/**
 * Formats milliseconds the way tickets write them (`5m`, `1h30m`, `45s`), for sentences. Under a
 * second reads `0s` (a clock that has just started; evaluations are seconds apart), not `0ms`.
 */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return Math.round(ms) > 0 ? `${Math.round(ms)}ms` : '0s';
  const parts: string[] = [];
  let rest = Math.round(ms / 1_000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}

/**
 * `"1.0%"` → 0.01, as the double nearest the decimal the ticket wrote: the digits are read with an
 * exponent (`Number("0.7e-2")`), not divided by 100 (`0.7 / 100` is 0.006999999999999999, so that
 * 70 errors in 10,000 requests — exactly 0.7 % — would read as above "0.7%").
 */
export function parsePercent(text: string): number | undefined {
  const match = PERCENT.exec(text.trim());
  return match?.[1] === undefined ? undefined : Number(`${match[1]}e-2`);
}

/** `"5pp"` → 0.05 (an absolute difference between two rates), read exactly as {@link parsePercent}. */
export function parsePoints(text: string): number | undefined {
  const match = POINTS.exec(text.trim());
  return match?.[1] === undefined ? undefined : Number(`${match[1]}e-2`);
}

/**
 * Relative tolerance of every comparison of a statistic with a threshold. A statistic and its
 * threshold come from different float computations (Σx/n vs 1.25 × 0.0042, 0.9 × control), so a
 * value that is exactly at the threshold in decimal can land one ulp either side of it; anything
 * within this relative distance is "at" the threshold. 1e-9 is far below any difference a gate
 * could mean (a p99 of 400 ms vs 400.0000004 ms) and far above float error (~1e-16 per operation).
 */
export const COMPARISON_TOLERANCE = 1e-9;

/** Whether `a` and `b` are equal within {@link COMPARISON_TOLERANCE} (relative to the larger). */
export function atThreshold(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= COMPARISON_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Whether `value` is beyond `threshold` on the worse side (`direction` +1: above, −1: below).
 * Strict by default ("above 5 %": exactly 5 % is not above); `inclusive` for "at least". Values at
 * the threshold within {@link COMPARISON_TOLERANCE} count as equal to it either way.
 */
export function beyond(value: number, threshold: number, direction: 1 | -1, inclusive = false): boolean {
  if (atThreshold(value, threshold)) return inclusive;
  return direction * (value - threshold) > 0;
}

/** `"2x"` → 2. Zero is rejected: "0x of control" can never be a meaningful tolerance. */
export function parseMultiple(text: string): number | undefined {
  const match = MULTIPLE.exec(text.trim());
  const value = match ? Number(match[1]) : undefined;
  return value !== undefined && value > 0 ? value : undefined;
}

/**
 * Formats a fraction as a percentage for sentences: 0.016 → `1.6 %`, 0.0004 → `0.04 %`; `extra`
 * more decimals when two values must be told apart ({@link formatApart}).
 */
export function formatPercent(fraction: number, extra = 0): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  const pct = fraction * 100;
  if (pct === 0 && extra === 0) return '0.0 %';
  const digits = (Math.abs(pct) >= 0.1 || pct === 0 ? 1 : 2) + extra;
  return `${pct.toFixed(Math.min(digits, 20))} %`;
}

/**
 * Formats a plain number compactly for sentences (3 significant digits, no exponent noise; whole
 * from 1000 up); `extra` more digits when two values must be told apart ({@link formatApart}).
 */
export function formatNumber(value: number, extra = 0): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(Math.min(extra, 20));
  return Number(value.toPrecision(Math.min(3 + extra, 100))).toString();
}

/**
 * `value` and `threshold` formatted by `format` with as few digits as tell them apart: a rounded
 * value that reads the same as its threshold would contradict the verdict beside it ("1.0 % …
 * breach above 1.0 %: breached" when the rate is 1.004 %). Values at the threshold within
 * {@link COMPARISON_TOLERANCE} are equal and keep the short form.
 */
export function formatApart(
  value: number,
  threshold: number,
  format: (v: number, extra: number) => string,
): [string, string] {
  let extra = 0;
  let pair: [string, string] = [format(value, 0), format(threshold, 0)];
  while (pair[0] === pair[1] && !atThreshold(value, threshold) && extra < 15) {
    extra += 1;
    pair = [format(value, extra), format(threshold, extra)];
  }
  return pair;
}
