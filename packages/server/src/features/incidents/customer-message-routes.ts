import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { customerTemplateIds } from '../notifications/customer-templates.js';
import { CustomerMessageService, type CustomerMessageView } from './customer-message.js';

const tags = ['incidents'];
const idParam = z.object({ id: z.string().regex(/^inc_[0-9a-f]{12}$/, 'an incident id such as inc_0123456789ab') });

const templateSchema = z.object({
  id: z.enum(customerTemplateIds),
  title: z.string(),
  body: z.string(),
  text: z.string(),
  audience: z.object({
    workflow: z.string(),
    environment: z.string().nullable(),
    segments: z.union([z.array(z.string()), z.literal('everyone')]),
  }),
  since: z.string().nullable(),
  until: z.string().nullable(),
  userActionRequired: z.boolean(),
  reason: z.string().describe('why this template applies (for the support owner, not the customer)'),
});

const recordedSchema = z.object({
  version: z.number().int(),
  template: z.string().nullable(),
  text: z.string(),
  state: z.enum(['draft', 'sent']),
  by: z.string(),
  reason: z.string(),
  at: z.string(),
});

/** `GET /v1/incidents/{id}/customer-message`. */
export const customerMessageSchema = z
  .object({
    incident: z.string(),
    workflow: z.string(),
    environment: z.string(),
    suggestion: z.object({
      usersAffected: z.boolean().nullable().describe('whether the bad version served requests (null: not measured)'),
      why: z.string(),
      templates: z.array(templateSchema).describe('the R7.4 templates the rollback calls for, filled'),
      draft: z.string().nullable().describe('plain words to start from; null when no customer needs a message'),
    }),
    current: recordedSchema.nullable().describe('the newest recorded version'),
    history: z.array(recordedSchema).describe('every recorded version, oldest first'),
  })
  .meta({ id: 'IncidentCustomerMessage' });

function shown(v: CustomerMessageView): z.infer<typeof customerMessageSchema> {
  const out = ({ incidentId: _, at, ...m }: CustomerMessageView['history'][number]) => ({ ...m, at: at.toISOString() });
  return { ...v, current: v.current && out(v.current), history: v.history.map(out) };
}

/** An incident's customer message (R7.4): read the suggestion and versions; record one. */
export function customerMessageRoutes(deps: ConstructorParameters<typeof CustomerMessageService>[0]) {
  const messages = new CustomerMessageService(deps);
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/incidents/{id}/customer-message',
      operationId: 'getIncidentCustomerMessage',
      tags,
      summary: "R7.4: the incident's customer message — ripcord's suggestion in plain words, and the recorded versions",
      request: { params: idParam },
      responses: { 200: json(customerMessageSchema), ...errorResponses },
    }),
    async (c) => {
      authorize(c, 'viewer');
      const id = c.req.valid('param').id;
      const release = await messages.releaseOf(id);
      authorize(c, 'viewer', release.workflow, release.environment);
      return c.json(shown(await messages.view(id)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/incidents/{id}/customer-message',
      operationId: 'recordIncidentCustomerMessage',
      tags,
      summary: "R7.4: record a new version of the incident's customer message (a draft, or as sent), audited",
      request: {
        params: idParam,
        ...jsonBody(
          z.strictObject({
            text: z.string().trim().min(1).max(5000),
            state: z.enum(['draft', 'sent']),
            template: z.enum(customerTemplateIds).optional().describe('the R7.4 template it started from'),
            reason: z.string().max(2000).optional(),
          }),
        ),
      },
      responses: {
        200: json(customerMessageSchema),
        ...conflictResponse('Another version was recorded at the same moment'),
        ...errorResponses,
      },
    }),
    async (c) => {
      authorize(c, 'operator');
      const id = c.req.valid('param').id;
      const release = await messages.releaseOf(id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      return c.json(shown(await messages.record(id, c.req.valid('json'), actor)), 200);
    },
  );
  return app;
}
