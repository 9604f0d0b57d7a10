/**
 * `GET /metrics` in Prometheus' text format (docs/observability.md), open or behind any valid token
 * (`RIPCORD_METRICS`), and the two places that count what passes through: the ingest route's
 * answers and the gate port's evaluations. Neither changes what it wraps.
 */
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { createRouter, errorBodySchema, json } from '../../http/router.js';
import type { AppEnv } from '../../http/types.js';
import type { TokenService } from '../auth/token-service.js';
import type { GatePort } from '../releases/machine/gate-port.js';
import type { RipcordMetrics } from './ripcord-metrics.js';

/** The route serving the metrics. */
export function metricsRoutes(deps: { metrics: RipcordMetrics; access: 'open' | 'token'; tokens: TokenService }) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      operationId: 'getMetrics',
      tags: ['metrics'],
      summary: `ripcord's own metrics in Prometheus text format (${deps.access === 'open' ? 'open' : 'any valid token'})`,
      security: deps.access === 'open' ? [] : [{ bearer: [] }],
      responses: {
        200: { content: { 'text/plain': { schema: z.string() } }, description: 'Prometheus text format 0.0.4' },
        401: json(errorBodySchema, 'A token is required (RIPCORD_METRICS=token)'),
      },
    }),
    async (c) => {
      if (deps.access === 'token') {
        const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
        if (token === undefined || !(await deps.tokens.authenticate(token)))
          throw new AppError('unauthorized', 'metrics need a valid token ("Authorization: Bearer <token>")');
      }
      return c.text(await deps.metrics.text(), 200, { 'content-type': deps.metrics.registry.contentType });
    },
  );
  return app;
}

interface IngestAnswer {
  accepted?: unknown;
  rejected?: unknown;
  duplicates?: unknown;
  unattributed?: unknown;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** Counts `POST /v1/events` outcomes from the route's answers (202 bodies, 429s). */
export function countIngest(metrics: RipcordMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'POST') return;
    if (c.res.status === 429) metrics.ingested('throttled');
    // A retried batch's stored answer (Idempotent-Replayed) was counted when it was first taken.
    if (c.res.status !== 202 || c.res.headers.get('idempotent-replayed') === 'true') return;
    const body = (await c.res.clone().json()) as IngestAnswer;
    metrics.ingested({
      accepted: num(body.accepted),
      rejected: Array.isArray(body.rejected) ? body.rejected.length : 0,
      duplicates: num(body.duplicates),
      unattributed: num(body.unattributed),
    });
  };
}

/** The gate port, counting each tick's evaluations by state and severity. */
export function countEvaluations(port: GatePort, metrics: RipcordMetrics): GatePort {
  return {
    ...port,
    evaluate: async (releaseId, now) => {
      const evaluations = await port.evaluate(releaseId, now);
      metrics.gatesEvaluated(evaluations);
      return evaluations;
    },
  };
}
