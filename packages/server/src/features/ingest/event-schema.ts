/**
 * The wire contract of one outcome event (`packages/protocol/src/events.ts`) as a zod schema,
 * discriminated by `type`. Ingest validates each event on its own so that one bad event is
 * rejected with its own message while the rest of the batch is taken. Unknown fields are ignored
 * (a newer SDK may send more than this server reads), as in the rest of the SDK protocol.
 */
import { z } from 'zod';
import type { IngestEvent } from '@ripcord/protocol';
import { slug } from '../bundles/workflow-schema.js';

const text = (max: number) => z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const finite = z.number().finite('must be a finite number');
const nonNegative = finite.nonnegative('must be 0 or more');

const base = {
  id: text(128),
  workflow: slug,
  environment: slug,
  release: slug.optional(),
  arm: z.enum(['control', 'candidate']).optional(),
  at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp such as 2026-05-02T10:00:00Z' }),
};

const toolCall = z.object({
  name: text(200),
  sideEffects: z.enum(['none', 'read', 'write']).optional(),
  ok: z.boolean().optional(),
  blocked: z.boolean().optional(),
  unsafe: z.boolean().optional(),
});

const outcome = z.object({
  ...base,
  type: z.literal('outcome'),
  bundleVersion: text(64).optional(),
  requestId: text(200),
  key: text(200).optional(),
  segments: z.array(text(100)).max(100).optional(),
  latencyMs: nonNegative.optional(),
  error: z.boolean().optional(),
  errorKind: z.enum(['timeout', 'http_5xx', 'http_4xx', 'rate_limited', 'oom', 'crash', 'other']).optional(),
  schemaValid: z.boolean().optional(),
  parserError: z.string().max(4000).optional(),
  traceId: text(200).optional(),
  costUsd: nonNegative.optional(),
  taskSuccess: z.boolean().optional(),
  safetyBlocked: z.boolean().optional(),
  toolCalls: z.array(toolCall).max(100).optional(),
  primaryMetric: finite.optional(),
  prediction: finite.optional(),
  converted: z.boolean().optional(),
  features: z.record(text(200), finite.nullable()).optional(),
  actionMode: text(100).optional(),
});

// A late label's stamp from the labelled request's handle (ADR 0012): the bundle that served it.
const stamp = { bundleVersion: text(64).optional() };

const review = z.object({
  ...base,
  ...stamp,
  type: z.literal('review'),
  requestId: text(200),
  verdict: z.enum(['accepted', 'rejected']),
  reviewer: text(200).optional(),
  notes: z.string().max(4000).optional(),
});

const complaint = z.object({
  ...base,
  ...stamp,
  type: z.literal('complaint'),
  sampleId: text(200),
  confirmed: z.boolean(),
  summary: z.string().max(4000).optional(),
});

const groundTruth = z.object({
  ...base,
  ...stamp,
  type: z.literal('ground_truth'),
  requestId: text(200),
  actual: finite,
  prediction: finite.optional(),
});

const crash = z.object({
  ...base,
  type: z.literal('crash'),
  bundleVersion: text(64).optional(),
  kind: z.enum(['oom', 'crash']),
});

/** Any event `POST /v1/events` accepts. */
export const ingestEventSchema = z.discriminatedUnion('type', [outcome, review, complaint, groundTruth, crash], {
  error: 'must be one of outcome, review, complaint, ground_truth, crash',
});

/** An event as the schema outputs it (optional fields typed `T | undefined`). */
export type ParsedEvent = z.output<typeof ingestEventSchema>;

// The schema and the protocol's hand-written types must name the same fields for each type.
type FieldsOf<T> = T extends { type: infer K } ? [K, keyof T] : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameFields: Same<FieldsOf<ParsedEvent>, FieldsOf<IngestEvent>> = true;
void sameFields;
