/**
 * The wire contract of an edge summary (`SummaryEvent`, docs/sdk-protocol.md §6.1) as a zod
 * schema, and its check. Summaries are few (one per SDK × release × arm × interval), so the schema
 * itself validates them; what the schema cannot say (groups that add up to the count, an interval
 * start on the interval grid) is checked after it, with a message naming the field.
 */
import { z } from 'zod';
import type { SummaryEvent } from '@ripcord/protocol';
import { formatPath } from '../../validation.js';
import { slug } from '../bundles/workflow-schema.js';
import { KEY_BUCKETS } from '../../stats/key-buckets.js';

const text = (max: number) => z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const finite = z.number().finite('must be a finite number');
const nonNegative = finite.nonnegative('must be 0 or more');
const count = z.number().int('must be a whole number').min(1, 'must be at least 1').max(1e9, 'at most 1,000,000,000');
const at = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp such as 2026-05-02T10:00:00Z' });
const errorKind = z.enum(['timeout', 'http_5xx', 'http_4xx', 'rate_limited', 'oom', 'crash', 'other']);

/** Groups per metric: at most this many distinct values in one summary. */
export const MAX_SUMMARY_GROUPS = 10_000;

const groups = z.array(z.tuple([finite, z.number().min(0).max(1), count])).max(MAX_SUMMARY_GROUPS);

/** One number per hashed key bucket (docs/sdk-protocol.md §6.1). */
const perBucket = (item: z.ZodNumber) =>
  z.array(item).length(KEY_BUCKETS, `must have ${KEY_BUCKETS} entries, one per key bucket`);
const bucketSums = z.object({
  x: perBucket(finite),
  y: perBucket(nonNegative),
  keyed: z.number().int('must be a whole number').min(0, 'must be 0 or more'),
});
const metricNames = [
  'error_rate',
  'schema_failure_rate',
  'safety_block_rate',
  'conversion_rate',
  'primary_metric',
  'cost_per_successful_task',
  'cost_without_task',
] as const;

const sample = z.object({
  requestId: text(200),
  at,
  error: z.boolean().optional(),
  errorKind: errorKind.optional(),
  schemaValid: z.boolean().optional(),
  parserError: z.string().max(4000).optional(),
  safetyBlocked: z.boolean().optional(),
  costUsd: nonNegative.optional(),
  taskSuccess: z.boolean().optional(),
  traceId: text(200).optional(),
});

/** One summary as `POST /v1/events` accepts it. */
export const summaryEventSchema = z.object({
  type: z.literal('summary'),
  id: text(128),
  workflow: slug,
  environment: slug,
  release: slug,
  arm: z.enum(['control', 'candidate']),
  bundleVersion: text(64).optional(),
  at,
  intervalMs: z.number().int().min(100, 'at least 100 ms').max(3_600_000, 'at most one hour'),
  count,
  firstAt: at,
  lastAt: at,
  metrics: z
    .object({
      error_rate: groups.optional(),
      schema_failure_rate: groups.optional(),
      safety_block_rate: groups.optional(),
      conversion_rate: groups.optional(),
      primary_metric: groups.optional(),
      cost_per_successful_task: groups.optional(),
      cost_without_task: groups.optional(),
    })
    .strict(),
  latency: z
    .array(z.tuple([nonNegative, count]))
    .max(MAX_SUMMARY_GROUPS)
    .optional(),
  errorKinds: z.partialRecord(errorKind, count).optional(),
  keyed: z.number().int().min(0).optional(),
  keys: z.array(text(200)).max(MAX_SUMMARY_GROUPS).optional(),
  buckets: z
    .object({
      count: perBucket(z.number().int('must be a whole number').min(0, 'must be 0 or more')),
      metrics: z.partialRecord(z.enum(metricNames), bucketSums),
    })
    .optional(),
  samples: z.array(sample).max(100).optional(),
});

/** The result of checking one summary. */
export type SummaryCheck = { ok: true; summary: SummaryEvent } | { ok: false; message: string };

const total = (list: readonly (readonly number[])[] | undefined, at: number): number =>
  (list ?? []).reduce((sum, row) => sum + (row[at] ?? 0), 0);

/** Validates one summary: the schema, then the counts and times it must agree on. */
export function validateSummary(item: unknown): SummaryCheck {
  const parsed = summaryEventSchema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      message: issue === undefined ? 'invalid summary' : `${formatPath('', issue.path)}: ${issue.message}`,
    };
  }
  const s = parsed.data as SummaryEvent;
  const start = Date.parse(s.at);
  if (start % s.intervalMs !== 0) return { ok: false, message: 'at: must be a multiple of intervalMs since the epoch' };
  const first = Date.parse(s.firstAt);
  const last = Date.parse(s.lastAt);
  if (first < start || last < first || last >= start + s.intervalMs)
    return { ok: false, message: 'firstAt, lastAt: must lie in [at, at + intervalMs), firstAt ≤ lastAt' };
  for (const [metric, list] of Object.entries(s.metrics))
    if (total(list, 2) > s.count) return { ok: false, message: `metrics.${metric}: more observations than count` };
  if (total(s.latency, 1) > s.count) return { ok: false, message: 'latency: more observations than count' };
  if ((s.keyed ?? 0) > s.count) return { ok: false, message: 'keyed: more than count' };
  if (s.buckets !== undefined && s.buckets.count.reduce((a, b) => a + b, 0) !== s.count)
    return { ok: false, message: 'buckets.count: must add up to count' };
  return { ok: true, summary: s };
}
