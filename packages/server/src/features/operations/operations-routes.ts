import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { slug } from '../bundles/workflow-schema.js';
import type { OperationsService } from './operations-service.js';

/** `POST /v1/workflows/{wf}/environments/{env}/operations/{operation}` (R3.4). */
export function operationsRoutes(operations: OperationsService) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/workflows/{workflow}/environments/{environment}/operations/{operation}',
      tags: ['operations'],
      summary:
        'R3.4: restore the previous model and prompt route, disable tool execution, or move automatic actions to human review',
      request: {
        params: z.object({
          workflow: slug,
          environment: slug,
          operation: z.enum(['restore-route', 'disable-tools', 'human-review']),
        }),
        ...jsonBody(z.strictObject({ reason: z.string().min(1, 'say why (kept in the record)').max(2000) })),
      },
      responses: {
        200: json(z.record(z.string(), z.unknown())),
        409: json(errorResponses[400].content['application/json'].schema, 'Nothing to restore'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { operation, ...target } = c.req.valid('param');
      const actor = authorize(c, 'operator', target.workflow, target.environment);
      const result = await operations.run(operation, target, actor, c.req.valid('json').reason);
      return c.json(result as unknown as Record<string, unknown>, 200);
    },
  );
  return app;
}
