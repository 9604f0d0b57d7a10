import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json } from '../../http/router.js';
import { slug } from '../bundles/workflow-schema.js';
import { buildRunbook, type RunbookStores } from './runbook-build.js';
import { runbookHtml, runbookMarkdown } from './runbook-render.js';

const rowSchema = z.object({
  trigger: z.string(),
  metric: z.string(),
  condition: z.string().describe("the gate's condition with its real threshold"),
  severity: z.string(),
  decision: z.enum(['roll back now', 'investigate']),
  level: z.string(),
  firstAction: z.string(),
  steps: z.array(z.string()),
  approval: z.string().describe('ripcord automatically, or the approvals it needs'),
  verification: z.string(),
  customerMessage: z.object({ id: z.string(), title: z.string() }).nullable(),
});

/** A workflow's runbook and decision matrix (R8.3). */
export const runbookSchema = z
  .object({
    workflow: z.string(),
    environment: z.string(),
    criticality: z.string(),
    release: z
      .object({ id: z.string(), name: z.string(), status: z.string(), control: z.string(), candidate: z.string() })
      .nullable()
      .describe('the release ticket it is generated from'),
    version: z.string().describe("changes exactly when the Workflow's or the ticket's content changes"),
    generatedAt: z.string(),
    owners: z.array(z.object({ role: z.string(), principals: z.array(z.string()) })),
    matrix: z.array(rowSchema),
    otherwise: z.array(z.string()),
    procedure: z.array(
      z.object({
        level: z.string(),
        status: z.enum(['planned', 'escalated', 'refused', 'no-op']),
        estimate: z.string(),
        steps: z.array(z.string()),
        commands: z.array(z.string()),
        note: z.string().nullable(),
      }),
    ),
    recovery: z.array(z.string()),
    communication: z.array(z.string()),
    rendered: z.string().nullable().describe('the runbook as Markdown or HTML when `format` asks for it'),
  })
  .meta({ id: 'Runbook' });

/** `GET /v1/workflows/{workflow}/environments/{environment}/runbook` (R8.3). */
export function runbookRoutes(deps: { stores: RunbookStores; clock: Clock }) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/environments/{environment}/runbook',
      operationId: 'getRunbook',
      tags: ['runbook'],
      summary:
        'R8.3: the decision matrix (trigger → decision → level → first action → approval → verification → customer message), procedure per level, recovery, owners, communication',
      request: {
        params: z.object({ workflow: slug, environment: slug }),
        query: z.object({ format: z.enum(['json', 'md', 'html']).optional() }),
      },
      responses: {
        200: json(runbookSchema),
        ...conflictResponse('A bundle of the ticket is missing'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { workflow, environment } = c.req.valid('param');
      authorize(c, 'viewer', workflow, environment);
      const runbook = await buildRunbook(deps.stores, workflow, environment, deps.clock.now());
      const format = c.req.valid('query').format ?? 'json';
      const rendered = format === 'md' ? runbookMarkdown(runbook) : format === 'html' ? runbookHtml(runbook) : null;
      return c.json({ ...runbook, rendered }, 200);
    },
  );
  return app;
}
