import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { scopeAllows } from '../auth/principal.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import type { IncidentService } from './incident-service.js';
import { CAUSE_CATEGORIES } from './cause-categories.js';
import { incidentSchema, incidentShownSchema, incidentView as view } from './incident-view-schema.js';

const tags = ['incidents'];
const idParam = z.object({ id: z.string().regex(/^inc_[0-9a-f]{12}$/, 'an incident id such as inc_0123456789ab') });

/** Routes for incidents (R7.1, R8.2). */
export function incidentRoutes(
  incidents: IncidentService,
  releaseOf: (id: string) => Promise<{ workflow: string; environment: string } | undefined> = () =>
    Promise.resolve(undefined),
) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/incidents',
      operationId: 'listIncidents',
      tags,
      summary: 'Incidents, newest first',
      responses: { 200: json(z.object({ incidents: z.array(incidentSchema) })), ...errorResponses },
    }),
    async (c) => {
      const principal = authorize(c, 'viewer');
      // A workflow-scoped token sees only its workflows' incidents (issue 18).
      const list = await incidents.list();
      const visible: typeof list = [];
      for (const i of list) {
        const r = principal.scope === null ? undefined : await releaseOf(i.releaseId);
        if (principal.scope === null || (r !== undefined && scopeAllows(principal, r.workflow, r.environment)))
          visible.push(i);
      }
      return c.json({ incidents: visible.map(view) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/incidents/{id}',
      operationId: 'getIncident',
      tags,
      summary: 'An incident with its timeline, MTTD, MTTR and blast radius',
      request: { params: idParam },
      responses: { 200: json(incidentShownSchema), ...errorResponses },
    }),
    async (c) => {
      authorize(c, 'viewer');
      const v = await incidents.view(c.req.valid('param').id);
      authorize(c, 'viewer', v.release.workflow, v.release.environment);
      return c.json({ ...v, incident: view(v.incident) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/incidents/{id}/review',
      operationId: 'reviewIncident',
      tags,
      summary: 'Record the post-incident review (root cause, remediation, prevention) and close the incident',
      request: {
        params: idParam,
        ...jsonBody(
          z.strictObject({
            rootCause: z.string().min(1).max(5000),
            remediation: z.string().min(1).max(5000),
            prevention: z.string().min(1).max(5000),
            cause: z
              .enum(CAUSE_CATEGORIES)
              .optional()
              .describe('the root cause category (a closed set; the report counts them); rootCause is the free text'),
          }),
        ),
      },
      responses: {
        200: json(incidentSchema, 'The closed incident'),
        ...conflictResponse('Still verifying'),
        ...errorResponses,
      },
    }),
    async (c) => {
      authorize(c, 'operator');
      const id = c.req.valid('param').id;
      // Only a token scoped to the incident's workflow may close it (the authorization matrix test).
      const { release } = await incidents.view(id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      return c.json(view(await incidents.review(id, c.req.valid('json'), actor)), 200);
    },
  );
  return app;
}
