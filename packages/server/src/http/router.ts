import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from './types.js';
import { validationHook } from './errors.js';

/** A router whose request validation failures come back in the API's error format. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/** The error body, for the OpenAPI document. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string().optional(), message: z.string() }).loose()).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'ErrorBody' });

/** JSON content of a schema, for request and response declarations. */
export function json<T extends z.ZodType>(schema: T, description = 'OK') {
  return { content: { 'application/json': { schema } }, description };
}

/** Standard error responses every authenticated route may return. */
export const errorResponses = {
  400: json(errorBodySchema, 'Invalid request'),
  401: json(errorBodySchema, 'Missing or unknown token'),
  403: json(errorBodySchema, 'The token may not do this'),
  404: json(errorBodySchema, 'Not found'),
} as const;

/** A 409 answer: the request conflicts with the current state (`description` says which). */
export function conflictResponse(description: string) {
  return { 409: json(errorBodySchema, description) };
}

/** A required JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}
