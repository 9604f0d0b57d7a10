/**
 * Where a gate's numbers come from (R4.5): ripcord's own outcome events (the default), a Prometheus
 * or Datadog query, or alerts delivered by a webhook. This file holds the words of the `source:`
 * blocks and the query templates' placeholders; their rules are in `gate-source-rules.ts`.
 */
import { z } from 'zod';
import { parseDuration } from './gate-values.js';

/** `source:` — events (default), prometheus, datadog or alert. */
export const gateSourceSchema = z.enum(['events', 'prometheus', 'datadog', 'alert']);
/** One of {@link gateSourceSchema}'s values. */
export type GateSourceName = z.infer<typeof gateSourceSchema>;

/**
 * The placeholders a query template may use; each is replaced by the release's value, quoted for
 * a PromQL string or a Datadog tag value (`query-template.ts`). `lookback` is the gate's lookback
 * as a duration (`5m`), for range selectors such as `rate(x[{{lookback}}])`.
 */
export const TEMPLATE_PLACEHOLDERS = ['workflow', 'environment', 'release', 'arm', 'bundle', 'lookback'] as const;
/** One of {@link TEMPLATE_PLACEHOLDERS}. */
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** The placeholders a template names, in order of appearance (unknown ones included). */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Whether the template selects one arm: `{{arm}}` or `{{bundle}}` differ between candidate and
 * control, so without one of them both arms would read the same numbers.
 */
export function selectsArm(template: string): boolean {
  const names = templatePlaceholders(template);
  return names.includes('arm') || names.includes('bundle');
}

const known: readonly string[] = TEMPLATE_PLACEHOLDERS;

/** A query template: non-empty, bounded, and naming only known placeholders. */
export const queryTemplateSchema = z
  .string()
  .trim()
  .min(1, 'write the query')
  .max(4000, 'a query template is at most 4000 characters')
  .superRefine((template, ctx) => {
    const unknown = templatePlaceholders(template).filter((p) => !known.includes(p));
    if (unknown.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `unknown placeholder {{${unknown[0] ?? ''}}}; use ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
      });
  });

/** A named signal source of the server's settings (`RIPCORD_SIGNAL_SOURCES`), e.g. `main`. */
export const sourceNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,39}$/,
    'a source name is 1–40 lowercase letters, digits, "_" or "-", starting with a letter',
  );

const boundedDuration = (what: string, minMs: number, maxMs: number) =>
  z.string().refine(
    (s) => {
      const ms = parseDuration(s);
      return ms !== undefined && ms >= minMs && ms <= maxMs;
    },
    `${what} is a duration between ${minMs / 1000}s and ${maxMs / 3_600_000}h`,
  );

/** How often, how far back and how long a query runs (docs/gates.md "Signals from Prometheus"). */
const pollFields = {
  server: sourceNameSchema,
  interval: boundedDuration('interval', 1_000, 3_600_000).optional(),
  lookback: boundedDuration('lookback', 1_000, 7 * 24 * 3_600_000).optional(),
  timeout: boundedDuration('timeout', 100, 60_000).optional(),
};

/**
 * `prometheus:` — the counts form (`numerator` and `denominator`, each a cumulative counter per arm)
 * or the value form (`value`, one number per arm). Which one, and whether it fits the metric, is
 * checked in `gate-source-rules.ts`.
 */
export const prometheusBlockSchema = z.strictObject({
  ...pollFields,
  numerator: queryTemplateSchema.optional(),
  denominator: queryTemplateSchema.optional(),
  value: queryTemplateSchema.optional(),
});

/** `datadog:` — the value form of Datadog's metrics query API (contract-tested only). */
export const datadogBlockSchema = z.strictObject({ ...pollFields, value: queryTemplateSchema });

const severityWord = z.enum(['immediate', 'rapid', 'delayed']);
const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'a label name is letters, digits and "_"');

/**
 * `alert:` — which alerts breach the gate: the alert's name (`alertname`), further labels that must
 * be equal, and the gate severity each value of the alert's `severity` label maps to.
 */
export const alertBlockSchema = z.strictObject({
  name: z.string().min(1).max(200),
  matchers: z.record(labelName, z.string().max(500)).optional(),
  severities: z.record(z.string().min(1).max(100), severityWord).optional(),
});

/** A parsed `prometheus:` block. */
export type PrometheusBlock = z.infer<typeof prometheusBlockSchema>;
/** A parsed `datadog:` block. */
export type DatadogBlock = z.infer<typeof datadogBlockSchema>;
/** A parsed `alert:` block. */
export type AlertBlock = z.infer<typeof alertBlockSchema>;

/** Defaults of a query gate's `interval`, `lookback` and `timeout`. */
export const QUERY_DEFAULTS = { intervalMs: 15_000, lookbackMs: 300_000, timeoutMs: 5_000 } as const;
