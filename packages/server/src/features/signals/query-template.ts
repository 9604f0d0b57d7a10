/**
 * Query templates filled in for one release and arm (docs/gates.md "Signals"): `{{workflow}}`,
 * `{{environment}}`, `{{release}}`, `{{arm}}`, `{{bundle}}` (the arm's bundle version) and
 * `{{lookback}}` (the gate's lookback, `5m`). The values are slugs and versions, which need no
 * quoting; they are escaped for a double-quoted PromQL string anyway, so a value can never end the
 * string it is written in.
 */
import type { Arm } from '@ripcord/protocol';
import { formatDuration, type TemplatePlaceholder } from '../gates/index.js';

/** What a release gives every template. */
export interface ReleaseVars {
  workflow: string;
  environment: string;
  /** The release's name (what the SDK puts in events). */
  release: string;
  bundles: { control?: string | undefined; candidate?: string | undefined };
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** The template with every placeholder replaced for `arm`. */
export function renderTemplate(template: string, vars: ReleaseVars, arm: Arm, lookbackMs: number): string {
  const values: Record<TemplatePlaceholder, string> = {
    workflow: vars.workflow,
    environment: vars.environment,
    release: vars.release,
    arm,
    bundle: vars.bundles[arm] ?? '',
    lookback: formatDuration(lookbackMs),
  };
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, name: string) =>
    name in values ? escape(values[name as TemplatePlaceholder]) : whole,
  );
}
