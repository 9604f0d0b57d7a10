import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { slug } from '../bundles/workflow-schema.js';
import type { BatchOutput } from './batch-output-store.js';
import type { BatchOutputService } from './batch-output-service.js';

const tags = ['batch-outputs'];
const params = z.object({ workflow: slug });
const text = (max: number) => z.string().min(1).max(max);
const isoTime = z.iso.datetime({ offset: true });

/** A registered batch output (R5.4). */
export const batchOutputSchema = z
  .object({
    id: z.string(),
    workflow: z.string(),
    bundleVersion: z.string().describe('the bundle version that produced it'),
    batchKey: z.string().describe('a re-run with the same key supersedes this output'),
    batchId: z.string(),
    inputHash: z.string(),
    location: z.string(),
    outputHash: z.string(),
    items: z.object({ ids: z.array(z.string()).optional(), count: z.number().int().optional() }),
    status: z.enum(['valid', 'superseded', 'invalidated']),
    supersededBy: z.string().nullable(),
    invalidation: z
      .object({ by: z.string(), at: z.string(), reason: z.string(), incident: z.string().nullable() })
      .nullable(),
    registeredBy: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'BatchOutput' });

const view = (o: BatchOutput) => ({
  ...o,
  startedAt: o.startedAt.toISOString(),
  finishedAt: o.finishedAt.toISOString(),
  createdAt: o.createdAt.toISOString(),
});

/** Register, list and invalidate batch outputs (R5.4). */
export function batchOutputRoutes(outputs: BatchOutputService) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/workflows/{workflow}/batch-outputs',
      operationId: 'registerBatchOutput',
      tags,
      summary: 'R5.4: register a batch output with the bundle version that produced it (same batch key: supersedes)',
      request: {
        params,
        ...jsonBody(
          z.strictObject({
            bundleVersion: text(100),
            batchKey: text(200),
            batchId: text(200),
            inputHash: text(200),
            location: text(2000),
            outputHash: text(200),
            items: z
              .strictObject({
                ids: z.array(text(200)).max(10_000).optional(),
                count: z.number().int().min(0).optional(),
              })
              .optional(),
            startedAt: isoTime,
            finishedAt: isoTime,
          }),
        ),
      },
      responses: {
        200: json(
          z.object({
            output: batchOutputSchema,
            duplicate: z.boolean().describe('the same run was registered before; nothing changed'),
            superseded: z.array(z.string()).describe('earlier outputs of the batch key now superseded'),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      const actor = authorize(c, 'operator', workflow);
      const r = await outputs.register(workflow, c.req.valid('json'), actor);
      return c.json({ ...r, output: view(r.output) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/batch-outputs',
      operationId: 'listBatchOutputs',
      tags,
      summary: "A workflow's batch outputs, newest first (by version, by status)",
      request: {
        params,
        query: z.object({
          version: text(100).optional(),
          status: z.enum(['valid', 'superseded', 'invalidated']).optional(),
        }),
      },
      responses: { 200: json(z.object({ outputs: z.array(batchOutputSchema) })), ...errorResponses },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      authorize(c, 'viewer', workflow);
      return c.json({ outputs: (await outputs.list(workflow, c.req.valid('query'))).map(view) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/workflows/{workflow}/batch-outputs/invalidate',
      operationId: 'invalidateBatchOutputs',
      tags,
      summary: "Mark a bad version's valid outputs (or the listed ones) invalid; recorded on the incident if given",
      request: {
        params,
        ...jsonBody(
          z.strictObject({
            version: text(100),
            reason: text(2000),
            ids: z.array(text(100)).min(1).max(10_000).optional(),
            incident: z
              .string()
              .regex(/^inc_[0-9a-f]{12}$/, 'an incident id such as inc_0123456789ab')
              .optional(),
          }),
        ),
      },
      responses: {
        200: json(z.object({ invalidated: z.array(batchOutputSchema) })),
        ...conflictResponse('An id that is not a valid output of the version'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      const actor = authorize(c, 'operator', workflow);
      return c.json({ invalidated: (await outputs.invalidate(workflow, c.req.valid('json'), actor)).map(view) }, 200);
    },
  );
  return app;
}
