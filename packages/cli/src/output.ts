/** The formats of `-o`: the default text, json (also `--json`), yaml, wide (more columns), name (kind/name). */
export const formats = ['text', 'json', 'yaml', 'wide', 'name'] as const;
export type Format = (typeof formats)[number];

/** How a command prints: human text by default, or a format chosen with -o. */
export interface Output {
  /** true for the machine formats (json, yaml): errors then go to stdout as `{error: …}`. */
  json: boolean;
  format: Format;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Prints a value as YAML (set when -o yaml is asked for; the yaml module is loaded on demand). */
  yaml?: (value: unknown) => string;
}

/** An error in how the command was asked for (exit 2), found only once the command runs. */
export class UsageError extends Error {}

export type Cell = string | number | null | undefined;

/** Prints rows as an aligned table with a header. */
export function table(output: Output, headers: string[], rows: Cell[][]): void {
  for (const line of tableLines(headers, rows)) output.out(line);
}

/** The lines of an aligned table with a header; `(none)` under it when there are no rows. */
export function tableLines(headers: string[], rows: Cell[][]): string[] {
  const cells = rows.map((r) => r.map((v) => (v === null || v === undefined ? '-' : String(v))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ');
  const lines = [line(headers.map((h) => h.toUpperCase())), ...cells.map(line)];
  if (rows.length === 0) lines.push('(none)');
  return lines;
}

/** Prints `value` as JSON or YAML when asked; `kind/name` lines for -o name when `names` is given; otherwise runs the human printer. */
export function emit(output: Output, value: unknown, human: () => void, names?: () => string[]): void {
  if (output.format === 'json') output.out(JSON.stringify(value, null, 2));
  else if (output.format === 'yaml' && output.yaml) output.out(output.yaml(value).replace(/\n$/, ''));
  else if (output.format === 'name') {
    if (!names) throw new UsageError('-o name lists objects; this command prints none (use -o json or -o yaml)');
    for (const n of names()) output.out(n);
  } else human();
}

/** What a listing shows: its columns, the extra columns of -o wide, and each item's kind/name. */
export interface Listing<T> {
  headers: string[];
  row: (item: T) => Cell[];
  wide?: { headers: string[]; row: (item: T) => Cell[] };
  name: (item: T) => string;
}

/** Prints a list response: the table (wider with -o wide), JSON/YAML of `value`, or kind/name lines. */
export function emitList<T>(output: Output, value: unknown, items: T[], listing: Listing<T>): void {
  const wide = output.format === 'wide' && listing.wide;
  emit(
    output,
    value,
    () =>
      table(
        output,
        wide ? [...listing.headers, ...wide.headers] : listing.headers,
        items.map((x) => (wide ? [...listing.row(x), ...wide.row(x)] : listing.row(x))),
      ),
    () => items.map(listing.name),
  );
}

/** A short local time for tables. */
export function shortTime(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';
}
