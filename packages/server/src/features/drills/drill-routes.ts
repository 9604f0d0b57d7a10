import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { notFound } from '../../errors.js';
import { scopeAllows } from '../auth/principal.js';
import { slug } from '../bundles/workflow-schema.js';
import type { DrillService } from './drill-service.js';
import { drillSchema, drillView } from './drill-schema.js';

const tags = ['drills'];
const target = z.object({ workflow: slug, environment: slug });

/** Rollback drills (R8.1): run one, list them, read one. */
export function drillRoutes(drills: DrillService) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/workflows/{workflow}/environments/{environment}/drills',
      operationId: 'runDrill',
      tags,
      summary:
        'R8.1: run a rollback drill (planner, executor, actuators and verification, confined to the drill segment), restore and verify',
      request: {
        params: target,
        ...jsonBody(
          z.strictObject({
            level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
            reason: z.string().min(1).max(2000).optional(),
          }),
        ),
      },
      responses: {
        200: json(drillSchema),
        ...conflictResponse(
          'The drill cannot run now (a release in progress, no drill segment, nothing to roll back to)',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const actor = authorize(c, 'operator', params.workflow, params.environment);
      const body = c.req.valid('json');
      const drill = await drills.run(
        { ...params, reason: body.reason ?? 'rollback drill', ...(body.level ? { level: body.level } : {}) },
        actor,
      );
      return c.json(drillView(drill), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/drills',
      operationId: 'listDrills',
      tags,
      summary: 'Rollback drills, newest first',
      request: { query: z.object({ workflow: slug.optional(), environment: slug.optional() }) },
      responses: { 200: json(z.object({ drills: z.array(drillSchema) })), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const principal = authorize(c, 'viewer', q.workflow, q.environment);
      const list = await drills.list(q);
      const visible = list.filter((d) => scopeAllows(principal, d.workflow, d.environment));
      return c.json({ drills: visible.map(drillView) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/drills/{id}',
      operationId: 'getDrill',
      tags,
      summary: 'A rollback drill with its steps, times and verifications',
      request: {
        params: z.object({ id: z.string().regex(/^drill_[0-9a-f]{12}$/, 'a drill id such as drill_0123456789ab') }),
      },
      responses: { 200: json(drillSchema), ...errorResponses },
    }),
    async (c) => {
      authorize(c, 'viewer');
      const drill = await drills.get(c.req.valid('param').id);
      if (!drill) throw notFound(`drill ${c.req.valid('param').id}`);
      authorize(c, 'viewer', drill.workflow, drill.environment);
      return c.json(drillView(drill), 200);
    },
  );
  return app;
}
