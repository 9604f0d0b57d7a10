import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { AppError, type ErrorCode, type ErrorDetail } from '../errors.js';
import type { Logger } from '../logger.js';
import { zodDetails } from '../validation.js';
import type { AppEnv } from './types.js';

/** The one error body shape: `{ error: { code, message, details?, requestId } }`. */
export function errorResponse(
  c: Context<AppEnv>,
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
  status?: number,
) {
  const error = new AppError(code, message, details);
  return c.json(
    { error: { code, message, ...(details && details.length > 0 ? { details } : {}), requestId: c.get('requestId') } },
    (status ?? error.status) as ContentfulStatusCode,
  );
}

/**
 * Maps anything thrown by a handler to the error body: AppErrors keep their code; Hono's
 * HTTPExceptions (malformed JSON, body limit) map to 4xx codes; anything else is a logged 500
 * whose message reveals nothing internal.
 */
export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context<AppEnv>) => {
    if (err instanceof AppError) return errorResponse(c, err.code, err.message, err.details);
    if (err instanceof HTTPException) {
      const status = err.status;
      if (status === 400 && /json/i.test(err.message))
        return errorResponse(c, 'malformed_json', 'the request body is not valid JSON');
      if (status === 413) return errorResponse(c, 'payload_too_large', 'the request body is too large');
      if (status === 401) return errorResponse(c, 'unauthorized', err.message || 'authentication required');
      if (status < 500) return errorResponse(c, 'bad_request', err.message || 'bad request', undefined, status);
    }
    logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    return errorResponse(c, 'internal', 'internal error; the request id identifies it in the server log');
  };
}

/** Route validation hook: a zod failure becomes a 400 naming every bad field. */
export function validationHook(
  result: { success: true } | { success: false; error: z.ZodError; target: string },
  c: Context<AppEnv>,
) {
  if (result.success) return undefined;
  const prefix = result.target === 'json' ? '' : `${result.target}.`;
  const details = zodDetails(result.error, prefix.replace(/\.$/, ''));
  const first = details[0];
  return errorResponse(
    c,
    'validation_failed',
    `invalid request: ${first ? `${first.path}: ${first.message}` : 'bad input'}`,
    details,
  );
}
