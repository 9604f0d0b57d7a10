import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidEvent, validateEvent } from './event-check.js';
import { ingestEventSchema } from './event-schema.js';

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const at = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const base = {
  id: fc.uuid(),
  workflow: slug,
  environment: slug,
  release: fc.option(slug, { nil: undefined }),
  arm: fc.option(fc.constantFrom('control', 'candidate'), { nil: undefined }),
  at,
};
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const outcome = fc.record(
  {
    ...base,
    type: fc.constant('outcome'),
    requestId: fc.string({ minLength: 1, maxLength: 40 }),
    latencyMs: optional(fc.double({ min: 0, max: 1e6, noNaN: true })),
    error: optional(fc.boolean()),
    errorKind: optional(fc.constantFrom('timeout', 'http_5xx', 'oom', 'crash', 'other')),
    schemaValid: optional(fc.boolean()),
    costUsd: optional(fc.double({ min: 0, max: 10, noNaN: true })),
    taskSuccess: optional(fc.boolean()),
    primaryMetric: optional(fc.double({ noNaN: true, noDefaultInfinity: true })),
    segments: optional(fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 })),
    toolCalls: optional(fc.array(fc.record({ name: fc.string({ minLength: 1 }), ok: optional(fc.boolean()) }))),
    features: optional(
      fc.dictionary(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
      ),
    ),
  },
  { requiredKeys: ['id', 'workflow', 'environment', 'at', 'type', 'requestId'] },
);
// Late labels with or without the stamp of the request's handle (ADR 0012).
const stamp = { bundleVersion: fc.string({ minLength: 1, maxLength: 64 }) };
const required = ['id', 'workflow', 'environment', 'at', 'type'] as const;
const labels = fc.oneof(
  fc.record(
    {
      ...base,
      ...stamp,
      type: fc.constant('review'),
      requestId: fc.string({ minLength: 1 }),
      verdict: fc.constantFrom('accepted', 'rejected'),
    },
    { requiredKeys: [...required, 'requestId', 'verdict'] },
  ),
  fc.record(
    {
      ...base,
      ...stamp,
      type: fc.constant('complaint'),
      sampleId: fc.string({ minLength: 1 }),
      confirmed: fc.boolean(),
    },
    { requiredKeys: [...required, 'sampleId', 'confirmed'] },
  ),
  fc.record(
    {
      ...base,
      ...stamp,
      type: fc.constant('ground_truth'),
      requestId: fc.string({ minLength: 1 }),
      actual: fc.double({ noNaN: true, noDefaultInfinity: true }),
      prediction: fc.double({ noNaN: true, noDefaultInfinity: true }),
    },
    { requiredKeys: [...required, 'requestId', 'actual'] },
  ),
  fc.record({ ...base, type: fc.constant('crash'), kind: fc.constantFrom('oom', 'crash') }),
);
/** JSON round trip: what the server actually sees (no `undefined`, -0 becomes 0). */
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;
const valid = fc.oneof(outcome, labels).map(wire);

/** A valid event with one field replaced by something else (often, not always, invalid). */
const mutated = fc
  .tuple(
    valid,
    fc.string({ maxLength: 14 }),
    fc.oneof(fc.anything(), fc.constantFrom('', -1, NaN, null, 'x'.repeat(300))),
  )
  .map(([event, key, value]) => {
    const copy = { ...(event as Record<string, unknown>) };
    const keys = Object.keys(copy);
    copy[keys[key.length % keys.length] ?? key] = value;
    return wire(copy);
  });

describe('the fast event check', () => {
  it('accepts only what the schema accepts (it may defer to the schema, never overrule it)', () => {
    fc.assert(
      fc.property(fc.oneof(valid, mutated, fc.anything()), (value) => {
        if (isValidEvent(value)) expect(ingestEventSchema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the fast path for well-formed events', () => {
    fc.assert(
      fc.property(valid, (value) => {
        expect(ingestEventSchema.safeParse(value).success).toBe(true);
        expect(isValidEvent(value)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the schema on the verdict, and explains rejections with the field path', () => {
    fc.assert(
      fc.property(fc.oneof(valid, mutated), (value) => {
        expect(validateEvent(value).ok).toBe(ingestEventSchema.safeParse(value).success);
      }),
      { numRuns: 2000 },
    );
    const event = {
      type: 'outcome',
      id: 'e1',
      workflow: 'w',
      environment: 'p',
      at: '2026-05-02T10:00:00Z',
      requestId: 'r',
    };
    expect(validateEvent({ ...event, features: { a: 'high' } })).toEqual({
      ok: false,
      message: 'features.a: Invalid input: expected number, received string',
    });
    expect(validateEvent({ ...event, workflow: 'Support Summary' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^workflow: must be a lowercase slug/),
    });
    expect(validateEvent({ ...event, at: '2026-02-30T10:00:00Z' })).toMatchObject({ ok: false });
    expect(validateEvent({ ...event, extra: 'ignored' })).toMatchObject({ ok: true });
  });
});
