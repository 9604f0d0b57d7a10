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

/** Formats milliseconds the way tickets write them (`5m`, `1h30m`, `45s`), for sentences. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
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

/** `"1.0%"` → 0.01. */
export function parsePercent(text: string): number | undefined {
  const match = PERCENT.exec(text.trim());
  return match ? Number(match[1]) / 100 : undefined;
}

/** `"5pp"` → 0.05 (an absolute difference between two rates). */
export function parsePoints(text: string): number | undefined {
  const match = POINTS.exec(text.trim());
  return match ? Number(match[1]) / 100 : undefined;
}

/** `"2x"` → 2. Zero is rejected: "0x of control" can never be a meaningful tolerance. */
export function parseMultiple(text: string): number | undefined {
  const match = MULTIPLE.exec(text.trim());
  const value = match ? Number(match[1]) : undefined;
  return value !== undefined && value > 0 ? value : undefined;
}

/** Formats a fraction as a percentage for sentences: 0.016 → `1.6 %`, 0.0004 → `0.04 %`. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  const pct = fraction * 100;
  if (pct === 0) return '0.0 %';
  const digits = Math.abs(pct) >= 10 ? 1 : Math.abs(pct) >= 0.1 ? 1 : 2;
  return `${pct.toFixed(digits)} %`;
}

/** Formats a plain number compactly for sentences (3 significant digits, no exponent noise). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  return Number(value.toPrecision(3)).toString();
}
