import { z } from 'zod';
import { flagKeySchema } from '../bundles/bundle-schema.js';
import { slug } from '../bundles/workflow-schema.js';

/** Any JSON value (a flag variant's value is the user's own: open by design). */
export const jsonValue: z.ZodType<unknown> = z
  .lazy(() =>
    z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
  )
  .meta({ id: 'JsonValue' });
const variantName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/, 'variant names use letters, digits and . _ : @ -, up to 64 characters');
const reason = z.string().min(1, 'say why (kept in the history)').max(2000);

/** The R3.1 flags every AI workflow may use, with their types; any other key is a custom flag. */
export const wellKnownFlags = {
  'ai.route.provider': 'string',
  'ai.route.mode': 'string',
  'ai.prompt.version': 'string',
  'ai.tools.enabled': 'boolean',
  'ai.action.mode': 'string',
  'ai.rollout.percent': 'number',
  'ai.route.fallback': 'string_list',
} as const;

/** Allowed values of the enumerated well-known flags. */
export const wellKnownValues: Record<string, readonly string[]> = {
  'ai.route.mode': ['sync', 'async', 'batch'],
  'ai.action.mode': ['automatic', 'draft-only', 'queued', 'human-review'],
};

/** A flag definition as an operator writes it (the protocol's FlagDefinition). */
export const flagDefinitionSchema = z
  .strictObject({
    type: z.enum(['boolean', 'string', 'number', 'string_list', 'json']),
    variants: z.record(variantName, jsonValue).refine((v) => Object.keys(v).length > 0, 'needs at least one variant'),
    defaultVariant: variantName.optional(),
    rules: z
      .array(z.strictObject({ segment: slug, variant: variantName }))
      .max(100)
      .optional(),
    // OpenFeature's disabled state: evaluations return the application's default with reason DISABLED.
    disabled: z.boolean().optional(),
    // OpenFeature flag metadata, returned with every evaluation (SDK and OFREP).
    metadata: z
      .record(z.string().min(1).max(128), z.union([z.string().max(2000), z.number(), z.boolean()]))
      .refine((m) => Object.keys(m).length <= 50, 'at most 50 metadata entries')
      .optional(),
    description: z.string().max(2000).optional(),
  })
  .meta({ id: 'FlagDefinition' });

/** `PUT .../flags/{key}`: a full definition, or `value` (optionally for one segment) as shorthand. */
export const setFlagBodySchema = z
  .strictObject({
    definition: flagDefinitionSchema.optional(),
    value: jsonValue.optional(),
    segment: slug.optional(),
    type: z.enum(['boolean', 'string', 'number', 'string_list', 'json']).optional(),
    reason,
  })
  .superRefine((body, ctx) => {
    const hasValue = 'value' in body;
    if (body.definition === undefined && !hasValue) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'give a value (or a full definition)' });
    }
    if (body.definition !== undefined && hasValue) {
      ctx.addIssue({ code: 'custom', path: ['definition'], message: 'give either a definition or a value, not both' });
    }
    for (const key of ['segment', 'type'] as const) {
      if (body.definition !== undefined && body[key] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} goes with a value; put rules in the definition instead`,
        });
      }
    }
  });

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** A condition on an evaluation-context attribute. */
export const conditionSchema = z.strictObject({
  attribute: z.string().min(1).max(128),
  op: z.enum(['eq', 'neq', 'in', 'not_in', 'starts_with', 'ends_with', 'contains', 'gt', 'gte', 'lt', 'lte']),
  value: z.union([scalar, z.array(scalar).max(1000)]),
});

/** `PUT .../segments/{name}`. */
export const setSegmentBodySchema = z.strictObject({
  conditions: z.array(conditionSchema).max(50),
  description: z.string().max(2000).optional(),
  reason,
});

const percent = z
  .number()
  .min(0)
  .max(100)
  .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6, 'percent has a resolution of 0.01');
/** `PUT .../split`: a release's traffic split between control and a candidate bundle. */
export const setSplitBodySchema = z.strictObject({
  release: slug,
  candidate: z.string().min(1).max(64),
  percent,
  eligibleSegment: slug.optional(),
  segmentPercents: z
    .array(z.strictObject({ segment: slug, percent }))
    .max(50)
    .optional(),
  reason,
});

/** `DELETE` bodies: why. */
export const reasonBodySchema = z.strictObject({ reason });

export { flagKeySchema };
