import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { orNull } from '../../openapi-schema.js';
import type { RegistryPort } from './registry-service.js';
import { labelMoveView, labelMoveViewSchema, labelView, labelViewSchema } from './registry-views.js';
import { slug } from './workflow-schema.js';

const tags = ['labels'];
const labelParams = z.object({ workflow: slug, environment: slug, label: slug });

/** Routes for environment labels and their history (R1.3). */
export function labelRoutes(registry: RegistryPort) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/labels',
      operationId: 'listLabels',
      tags,
      summary: "A workflow's labels",
      request: { params: z.object({ workflow: slug }), query: z.object({ environment: slug.optional() }) },
      responses: { 200: json(z.object({ labels: z.array(labelViewSchema) })), ...errorResponses },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      const { environment } = c.req.valid('query');
      authorize(c, 'viewer', workflow, environment);
      return c.json({ labels: (await registry.listLabels(workflow, environment)).map(labelView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/workflows/{workflow}/environments/{environment}/labels/{label}',
      operationId: 'setLabel',
      tags,
      summary: 'Point a label at a bundle (recorded in the label history)',
      request: {
        params: labelParams,
        ...jsonBody(
          z.strictObject({
            version: z.string().min(1).max(64),
            reason: z.string().min(1, 'say why the label moves').max(2000),
          }),
        ),
      },
      responses: {
        200: json(
          z.object({
            moved: z.boolean().describe('false when the label already pointed there'),
            label: labelViewSchema,
            move: orNull(labelMoveViewSchema),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const body = c.req.valid('json');
      const principal = authorize(c, 'operator', params.workflow, params.environment);
      const { move, label } = await registry.setLabel({ ...params, ...body }, principal);
      return c.json({ moved: move !== null, label: labelView(label), move: move && labelMoveView(move) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/label-history',
      operationId: 'listLabelHistory',
      tags,
      summary: 'Every label move, newest first',
      request: {
        params: z.object({ workflow: slug }),
        query: z.object({
          environment: slug.optional(),
          label: slug.optional(),
          limit: z.coerce.number().int().min(1).max(5000).optional(),
        }),
      },
      responses: { 200: json(z.object({ history: z.array(labelMoveViewSchema) })), ...errorResponses },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      const q = c.req.valid('query');
      authorize(c, 'viewer', workflow, q.environment);
      const options = {
        ...(q.environment ? { environment: q.environment } : {}),
        ...(q.label ? { label: q.label } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      };
      return c.json({ history: (await registry.labelHistory(workflow, options)).map(labelMoveView) }, 200);
    },
  );

  return app;
}
