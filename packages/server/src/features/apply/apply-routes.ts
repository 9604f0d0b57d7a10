import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import type { ApplyService } from './apply-service.js';

const documentSchema = z.looseObject({ kind: z.string().describe('Workflow, Bundle or Release') });

/** `POST /v1/apply`: what `ripcord apply -f` sends. */
export function applyRoutes(apply: ApplyService) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/apply',
      operationId: 'applyDocuments',
      tags: ['registry'],
      summary:
        'Apply documents (Workflow, Bundle, Release): all validated first, then applied in one transaction; with dryRun=true, rolled back',
      request: {
        query: z.object({
          dryRun: z
            .enum(['true', 'false'])
            .optional()
            .describe(
              'true: validate and apply in a transaction that is rolled back; the results say what would happen',
            ),
        }),
        ...jsonBody(z.strictObject({ documents: z.array(documentSchema).min(1).max(500) })),
      },
      responses: {
        200: json(
          z.object({
            results: z.array(
              z.object({
                index: z.number(),
                kind: z.string(),
                name: z.string(),
                outcome: z.enum(['created', 'updated', 'unchanged']),
                id: z.string().optional(),
                message: z.string().optional().describe('warnings about the document'),
              }),
            ),
            dryRun: z.boolean().describe('true: nothing was stored (a client asking for a dry run checks it)'),
          }),
        ),
        ...conflictResponse('Conflicts with stored content'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = authorize(c, 'operator');
      const { documents } = c.req.valid('json');
      for (const doc of documents) {
        const wf =
          (doc as { workflow?: unknown; name?: unknown }).workflow ??
          (doc.kind === 'Workflow' ? (doc as { name?: unknown }).name : undefined);
        if (typeof wf === 'string') authorize(c, 'operator', wf);
      }
      const dryRun = c.req.valid('query').dryRun === 'true';
      return c.json({ results: await apply.apply(documents, principal, { dryRun }), dryRun }, 200);
    },
  );
  return app;
}
