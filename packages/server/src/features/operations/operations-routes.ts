import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { slug } from '../bundles/workflow-schema.js';
import { rollbackOutcomeSchema } from '../releases/rollback-outcome-schema.js';
import type { OperationsService } from './operations-service.js';

const operation = z.enum(['restore-route', 'disable-tools', 'human-review']);
/** What an operation did (`OperationResult`, operations-service.ts). */
const resultSchema = z
  .object({
    operation,
    workflow: z.string(),
    environment: z.string(),
    summary: z.string(),
    revision: z.number().optional().describe('the configuration revision a flag operation produced'),
    rollback: rollbackOutcomeSchema.optional(), // restore-route: the rollback it ran
  })
  .meta({ id: 'OperationResult' });

/** `POST /v1/workflows/{wf}/environments/{env}/operations/{operation}` (R3.4). */
export function operationsRoutes(operations: OperationsService) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/workflows/{workflow}/environments/{environment}/operations/{operation}',
      operationId: 'runOperation',
      tags: ['operations'],
      summary:
        'R3.4: restore the previous model and prompt route, disable tool execution, or move automatic actions to human review',
      request: {
        params: z.object({
          workflow: slug,
          environment: slug,
          operation,
        }),
        ...jsonBody(z.strictObject({ reason: z.string().min(1, 'say why (kept in the record)').max(2000) })),
      },
      responses: {
        200: json(resultSchema),
        ...conflictResponse('Nothing to restore'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { operation, ...target } = c.req.valid('param');
      const actor = authorize(c, 'operator', target.workflow, target.environment);
      return c.json(await operations.run(operation, target, actor, c.req.valid('json').reason), 200);
    },
  );
  return app;
}
