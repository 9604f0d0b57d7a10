/**
 * OFREP wire shapes (OpenFeature Remote Evaluation Protocol, open-feature/protocol
 * service/openapi.yaml 0.3.0) as zod schemas, so the routes validate with them and the OpenAPI
 * document shows them. Names follow the OFREP document's schemas.
 */
import { z } from 'zod';

/** A flag metadata value (OFREP `metadata`: strings, numbers, booleans). */
const metadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).meta({
  id: 'OfrepMetadata',
});

/**
 * The evaluation context. OFREP lists `targetingKey` as required; it is optional here because
 * providers omit the context when it is empty (openfeature-provider-ofrep for Python sends `{}`)
 * and ripcord evaluates without one (a split then serves its control arm).
 */
export const ofrepContextSchema = z.object({ targetingKey: z.string().optional() }).catchall(z.unknown()).meta({
  id: 'OfrepContext',
  description:
    '`targetingKey` is the sticky bucketing key; `workflow` and `environment` name what to evaluate when the token does not',
});

/** `evaluationRequest` / `bulkEvaluationRequest`. */
export const ofrepRequestSchema = z
  .object({ context: ofrepContextSchema.optional() })
  .meta({ id: 'OfrepEvaluationRequest' });

/** `evaluationSuccess`: no `value` means "use your code default" (OFREP `codeDefaultFlag`, used for DISABLED). */
export const ofrepSuccessSchema = z
  .object({
    key: z.string(),
    value: z
      .unknown()
      .optional()
      .describe("the flag's value, any JSON the flag's variants hold; absent: use your code default"),
    reason: z
      .string()
      .meta({ description: 'An OpenFeature reason: STATIC, DEFAULT, TARGETING_MATCH, SPLIT, DISABLED' }),
    variant: z.string(),
    metadata: metadataSchema.optional(),
  })
  .meta({ id: 'OfrepEvaluationSuccess' });

/** `evaluationFailure` / `flagNotFound`. */
export const ofrepFailureSchema = z
  .object({
    key: z.string(),
    errorCode: z.enum(['PARSE_ERROR', 'TARGETING_KEY_MISSING', 'INVALID_CONTEXT', 'GENERAL', 'FLAG_NOT_FOUND']),
    errorDetails: z.string().optional(),
  })
  .meta({ id: 'OfrepEvaluationFailure' });

/** `bulkEvaluationSuccess`. */
export const ofrepBulkSuccessSchema = z
  .object({
    flags: z.array(z.union([ofrepSuccessSchema, ofrepFailureSchema])),
    metadata: metadataSchema.optional(),
  })
  .meta({ id: 'OfrepBulkEvaluationSuccess' });

/** `bulkEvaluationFailure`. */
export const ofrepBulkFailureSchema = z
  .object({
    errorCode: z.enum(['PARSE_ERROR', 'INVALID_CONTEXT', 'GENERAL']),
    errorDetails: z.string().optional(),
  })
  .meta({ id: 'OfrepBulkEvaluationFailure' });

/** One flag's evaluation as the service returns it. */
export type OfrepSuccess = z.infer<typeof ofrepSuccessSchema>;
/** One flag's failure. */
export type OfrepFailure = z.infer<typeof ofrepFailureSchema>;
/** A bulk evaluation. */
export type OfrepBulk = z.infer<typeof ofrepBulkSuccessSchema>;
