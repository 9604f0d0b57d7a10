import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import { errorResponse } from './errors.js';
import type { AppEnv } from './types.js';

// Middleware every request under /v1 passes before its route (mounted in mount-routes.ts).

/** A request body on /v1 must be JSON (NDJSON where a route says so); anything else is a 415. */
export const requireJsonBodies: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE' || method === 'OPTIONS') return next();
  const type = c.req.header('content-type') ?? '';
  const length = c.req.header('content-length');
  if (length === '0' || (type === '' && length === undefined && !c.req.raw.body)) return next();
  if (/^application\/(json|x-ndjson)\b/i.test(type) || /\+json\b/i.test(type)) return next();
  return errorResponse(
    c,
    'unsupported_media_type',
    `send the body as application/json (got "${type || 'no content type'}")`,
  );
};

/**
 * PostgreSQL text and jsonb cannot hold NUL characters; rather than fail deep in the store, a
 * request carrying one (in its URL or JSON body) is refused up front with a 400.
 */
export const rejectNulCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  const nulInUrl = /%00/i.test(c.req.url);
  const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'DELETE';
  const nulInBody = hasBody && (await c.req.text()).includes('\\u0000');
  if (nulInUrl || nulInBody)
    return errorResponse(c, 'bad_request', 'NUL characters (\\u0000) are not allowed in names or values');
  return next();
};

/** One log line per request: id, method, path, status, time taken and who asked. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms,
        actor: principal?.subject,
      },
      'request',
    );
  };
}
