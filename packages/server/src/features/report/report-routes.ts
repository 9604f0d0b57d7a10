import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { AppError } from '../../errors.js';
import { createRouter, errorResponses, json } from '../../http/router.js';
import { slug } from '../bundles/workflow-schema.js';
import type { ReportService } from './report-service.js';
import { reportSchema } from './report-schema.js';

/** `GET /v1/report` (R8.2). */
export function reportRoutes(reports: ReportService) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/report',
      operationId: 'getEffectivenessReport',
      tags: ['report'],
      summary:
        'R8.2: MTTD, MTTR per level, first-try rollback success, blast radius, drill completion, rollback frequency and root causes over a period',
      request: {
        query: z.object({
          since: z
            .string()
            .max(40)
            .optional()
            .describe('a duration back from now (30d, 12h) or an ISO time; default 30d'),
          workflow: slug.optional(),
        }),
      },
      responses: { 200: json(reportSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const principal = authorize(c, 'viewer', q.workflow);
      // A workflow-scoped token reads its own workflow's report only.
      if (!q.workflow && principal.scope?.workflows)
        throw new AppError(
          'forbidden',
          `the token of ${principal.subject} is scoped to ${principal.scope.workflows.join(', ')}: ask for one (?workflow=…)`,
        );
      return c.json(await reports.report(q), 200);
    },
  );
  return app;
}
