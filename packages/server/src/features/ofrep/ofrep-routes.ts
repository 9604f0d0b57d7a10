/**
 * The OFREP endpoints (`/ofrep/v1/evaluate/flags[/{key}]`), so applications in any language with an
 * OpenFeature OFREP provider evaluate ripcord flags remotely (DESIGN: other languages through OFREP,
 * not new SDKs). Authenticated by SDK tokens, as `Authorization: Bearer` or OFREP's `X-API-Key`.
 * Failures use OFREP's bodies (`{ key, errorCode, errorDetails }`), not the /v1 error format.
 */
import { OpenAPIHono, createRoute, type RouteConfigToTypedResponse } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { errorBodySchema, json, jsonBody } from '../../http/router.js';
import type { AppEnv } from '../../http/types.js';
import type { TokenService } from '../auth/token-service.js';
import type { ConfigService } from '../flags/config-service.js';
import {
  ofrepBulkFailureSchema,
  ofrepBulkSuccessSchema,
  ofrepFailureSchema,
  ofrepRequestSchema,
  ofrepSuccessSchema,
} from './ofrep-schema.js';
import { OfrepService, type OfrepRequest } from './ofrep-service.js';

const tags = ['ofrep'];
const base = '/ofrep/v1/evaluate/flags';
const refusals = {
  401: json(errorBodySchema, 'Missing or unknown token'),
  403: json(errorBodySchema, 'Not an SDK token, or outside its scope'),
};
const single = {
  200: json(ofrepSuccessSchema, 'The evaluated flag (no value: use the code default, e.g. DISABLED)'),
  400: json(ofrepFailureSchema, 'The context is invalid or names no workflow/environment'),
  404: json(ofrepFailureSchema, 'No such flag (or no configuration of the workflow)'),
  ...refusals,
};

/** SDK tokens as `Authorization: Bearer <token>` or `X-API-Key: <token>` (the two OFREP schemes). */
function ofrepAuth(tokens: TokenService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = bearer ?? c.req.header('x-api-key')?.trim();
    if (!token) throw new AppError('unauthorized', 'authentication required: send "Authorization: Bearer <token>"');
    const principal = await tokens.authenticate(token);
    if (!principal) throw new AppError('unauthorized', 'unknown or revoked token');
    c.set('principal', principal);
    authorize(c, 'sdk');
    await next();
  };
}

/** A body that is not JSON is OFREP's PARSE_ERROR (the validator would answer in the /v1 format). */
const parseErrors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const text = await c.req.text();
  try {
    if (text.trim() !== '') JSON.parse(text);
  } catch {
    const errorDetails = 'the body is not JSON';
    return c.json({ key: c.req.param('key') ?? '', errorCode: 'PARSE_ERROR', errorDetails }, 400);
  }
  return next();
};

/** Validation failures in OFREP's shape (the router's default hook): the context is not an object. */
function invalidContext(result: { success: boolean }, c: Context<AppEnv>) {
  if (result.success) return undefined;
  const errorDetails = 'send {"context": {...}}: the context must be an object';
  const key = c.req.param('key');
  return c.json(
    key === undefined
      ? { errorCode: 'INVALID_CONTEXT', errorDetails }
      : { key, errorCode: 'INVALID_CONTEXT', errorDetails },
    400,
  );
}

/** The request as the service sees it; a POST without a JSON body (no content type) has no context. */
function request(
  c: Context<AppEnv>,
  body: { context?: Record<string, unknown> | undefined } | undefined,
  workflow?: string,
): OfrepRequest {
  return { principal: c.get('principal'), context: body?.context ?? {}, workflow };
}

/** OFREP routes on the published configuration (the same snapshots SDKs stream). */
export function ofrepRoutes(deps: { config: ConfigService; tokens: TokenService; bodyLimitBytes: number }) {
  const service = new OfrepService({ config: deps.config });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: invalidContext });
  // `${base}/*` matches `${base}` itself too (Hono), so the chain is registered once.
  app.use(`${base}/*`, bodyLimit({ maxSize: deps.bodyLimitBytes }), ofrepAuth(deps.tokens), parseErrors);

  const keyRoute = createRoute({
    method: 'post',
    path: `${base}/{key}`,
    operationId: 'ofrepEvaluateFlag',
    tags,
    summary: 'OFREP: evaluate one flag (the key may be "workflow/flag", with the slash encoded as %2F)',
    request: { params: z.object({ key: z.string().min(1) }), ...jsonBody(ofrepRequestSchema) },
    responses: single,
  });
  app.openapi(keyRoute, async (c) => {
    const key = c.req.valid('param').key;
    const slash = key.indexOf('/');
    const answer = await service.evaluate(
      request(c, c.req.valid('json'), slash > 0 ? key.slice(0, slash) : undefined),
      key,
      slash > 0 ? key.slice(slash + 1) : key,
    );
    return c.json(answer.body, answer.status) as RouteConfigToTypedResponse<typeof keyRoute>;
  });

  const workflowRoute = createRoute({
    method: 'post',
    path: `${base}/{workflow}/{key}`,
    operationId: 'ofrepEvaluateWorkflowFlag',
    tags,
    summary: 'OFREP: evaluate one flag keyed "workflow/flag" (providers put the key in the path unencoded)',
    request: {
      params: z.object({ workflow: z.string().min(1), key: z.string().min(1) }),
      ...jsonBody(ofrepRequestSchema),
    },
    responses: single,
  });
  app.openapi(workflowRoute, async (c) => {
    const { workflow, key } = c.req.valid('param');
    const answer = await service.evaluate(request(c, c.req.valid('json'), workflow), `${workflow}/${key}`, key);
    return c.json(answer.body, answer.status) as RouteConfigToTypedResponse<typeof workflowRoute>;
  });

  const bulkRoute = createRoute({
    method: 'post',
    path: base,
    operationId: 'ofrepEvaluateFlagsBulk',
    tags,
    summary: 'OFREP: evaluate every flag of a workflow (ETag; If-None-Match gives 304)',
    request: { headers: z.object({ 'if-none-match': z.string().optional() }), ...jsonBody(ofrepRequestSchema) },
    responses: {
      200: json(ofrepBulkSuccessSchema, 'Every flag of the workflow, sorted by key'),
      304: { description: 'Not modified: the same flags for this context' },
      400: json(ofrepBulkFailureSchema, 'The context is invalid or names no workflow/environment'),
      ...refusals,
    },
  });
  app.openapi(bulkRoute, async (c) => {
    const answer = await service.bulk(request(c, c.req.valid('json')));
    if (answer.status === 400) return c.json(answer.body, 400);
    c.header('ETag', answer.etag);
    c.header('Cache-Control', 'no-cache');
    if (c.req.valid('header')['if-none-match'] === answer.etag) return c.body(null, 304);
    return c.json(answer.body, 200);
  });
  return app;
}
