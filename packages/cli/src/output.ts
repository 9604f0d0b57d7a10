/** How a command prints: human text by default, JSON with --json. */
export interface Output {
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Prints rows as an aligned table with a header. */
export function table(output: Output, headers: string[], rows: (string | number | null | undefined)[][]): void {
  const cells = rows.map((r) => r.map((v) => (v === null || v === undefined ? '-' : String(v))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ');
  output.out(line(headers.map((h) => h.toUpperCase())));
  for (const r of cells) output.out(line(r));
  if (rows.length === 0) output.out('(none)');
}

/** Prints `value` as JSON when --json is on; otherwise runs the human printer. */
export function emit(output: Output, value: unknown, human: () => void): void {
  if (output.json) output.out(JSON.stringify(value, null, 2));
  else human();
}

/** A short local time for tables. */
export function shortTime(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';
}
