import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { notFound } from '../../errors.js';
import { scopeAllows } from '../auth/principal.js';
import { slug } from '../bundles/workflow-schema.js';
import type { ChaosService } from './chaos-service.js';
import { chaosSchema, chaosView } from './chaos-schema.js';
import { faultNames } from './faults.js';

const tags = ['chaos'];
const target = z.object({ workflow: slug, environment: slug });

/** Chaos runs (R8.1): run one, list them, read one. */
export function chaosRoutes(chaos: ChaosService) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/workflows/{workflow}/environments/{environment}/chaos',
      operationId: 'runChaos',
      tags,
      summary:
        'R8.1: inject a fault into a drill release confined to the drill segment, drive synthetic traffic through the SDK, and check detection, the automatic rollback and its verification; restore',
      request: {
        params: target,
        ...jsonBody(
          z.strictObject({
            fault: z.enum(faultNames),
            reason: z.string().min(1).max(2000).optional(),
            ticket: slug.optional().describe('the release ticket to use (default: the newest from production)'),
            requests: z
              .number()
              .int()
              .min(200)
              .max(100_000)
              .optional()
              .describe('synthetic requests at most (default 4,000)'),
          }),
        ),
      },
      responses: {
        200: json(chaosSchema),
        ...conflictResponse(
          'The chaos run cannot start (a release in progress, a split, no drill segment, no release ticket from production)',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const actor = authorize(c, 'operator', params.workflow, params.environment);
      const body = c.req.valid('json');
      const run = await chaos.run(
        {
          ...params,
          fault: body.fault,
          reason: body.reason ?? `chaos: ${body.fault}`,
          ...(body.ticket ? { ticket: body.ticket } : {}),
          ...(body.requests ? { requests: body.requests } : {}),
        },
        actor,
      );
      return c.json(chaosView(run), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chaos',
      operationId: 'listChaosRuns',
      tags,
      summary: 'Chaos runs, newest first',
      request: { query: z.object({ workflow: slug.optional(), environment: slug.optional() }) },
      responses: { 200: json(z.object({ runs: z.array(chaosSchema) })), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const principal = authorize(c, 'viewer', q.workflow, q.environment);
      const list = await chaos.list(q);
      const visible = list.filter((r) => scopeAllows(principal, r.workflow, r.environment));
      return c.json({ runs: visible.map(chaosView) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chaos/{id}',
      operationId: 'getChaosRun',
      tags,
      summary: 'A chaos run: what fired, when, the rollback, its verification and the restore',
      request: {
        params: z.object({ id: z.string().regex(/^chaos_[0-9a-f]{12}$/, 'a chaos run id such as chaos_0123456789ab') }),
      },
      responses: { 200: json(chaosSchema), ...errorResponses },
    }),
    async (c) => {
      authorize(c, 'viewer');
      const run = await chaos.get(c.req.valid('param').id);
      if (!run) throw notFound(`chaos run ${c.req.valid('param').id}`);
      authorize(c, 'viewer', run.workflow, run.environment);
      return c.json(chaosView(run), 200);
    },
  );
  return app;
}
