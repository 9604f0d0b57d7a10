import { createRoute } from '@hono/zod-openapi';
import type { FlagDefinition, JsonValue, Segment } from '@ripcord/protocol';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { notFound } from '../../errors.js';
import { slug } from '../bundles/workflow-schema.js';
import type { ConfigService } from './config-service.js';
import { revisionSchema, revisionView, storedConfigSchema } from './config-view-schema.js';
import { flagKeySchema, setFlagBodySchema, setSegmentBodySchema, setSplitBodySchema } from './flag-schema.js';

const tags = ['flags'];
const base = '/v1/workflows/{workflow}/environments/{environment}';
const envParams = z.object({ workflow: slug, environment: slug });
const reasonQuery = z.object({ reason: z.string().min(1, 'say why (kept in the history)').max(2000) });

/** Routes for flags, segments and traffic splits (R3): every change is a new revision. */
export function configRoutes(config: ConfigService) {
  const app = createRouter();
  const revision = {
    200: json(revisionSchema, 'The revision the change produced'),
    ...conflictResponse('Conflicts with the current configuration'),
    ...errorResponses,
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/config`,
      operationId: 'getWorkflowConfig',
      tags,
      summary: "A workflow's current configuration",
      request: { params: envParams },
      responses: {
        200: json(z.object({ revision: z.number().int(), config: storedConfigSchema })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      authorize(c, 'viewer', p.workflow, p.environment);
      const current = await config.current(p.environment, p.workflow);
      if (!current)
        throw notFound(`configuration of ${p.workflow} in ${p.environment} (no flags set and no production label yet)`);
      return c.json({ revision: current.revision, config: current.config }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/config/history`,
      operationId: 'listConfigRevisions',
      tags,
      summary: 'Configuration revisions, newest first',
      request: { params: envParams, query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }) },
      responses: { 200: json(z.object({ revisions: z.array(revisionSchema) })), ...errorResponses },
    }),
    async (c) => {
      const p = c.req.valid('param');
      authorize(c, 'viewer', p.workflow, p.environment);
      return c.json(
        { revisions: (await config.history(p.environment, p.workflow, c.req.valid('query').limit)).map(revisionView) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/flags/{key}`,
      operationId: 'setFlag',
      tags,
      summary: 'Set a flag (a definition, or a value for everyone or one segment)',
      request: { params: envParams.extend({ key: flagKeySchema }), ...jsonBody(setFlagBodySchema) },
      responses: revision,
    }),
    async (c) => {
      const { key, ...target } = c.req.valid('param');
      const body = c.req.valid('json');
      const actor = authorize(c, 'operator', target.workflow, target.environment);
      const input =
        'definition' in body
          ? { definition: body.definition as FlagDefinition }
          : {
              value: body.value as JsonValue,
              ...(body.segment ? { segment: body.segment } : {}),
              ...(body.type ? { type: body.type } : {}),
            };
      return c.json(revisionView(await config.setFlag({ ...target, key }, input, actor, body.reason)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/flags/{key}`,
      operationId: 'deleteFlag',
      tags,
      summary: "Remove a flag's definition (the serving bundle's value applies again)",
      request: { params: envParams.extend({ key: flagKeySchema }), query: reasonQuery },
      responses: revision,
    }),
    async (c) => {
      const { key, ...target } = c.req.valid('param');
      const actor = authorize(c, 'operator', target.workflow, target.environment);
      return c.json(revisionView(await config.unsetFlag({ ...target, key }, actor, c.req.valid('query').reason)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/segments/{name}`,
      operationId: 'setSegment',
      tags,
      summary: 'Create or replace a segment',
      request: { params: envParams.extend({ name: slug }), ...jsonBody(setSegmentBodySchema) },
      responses: revision,
    }),
    async (c) => {
      const { name, ...target } = c.req.valid('param');
      const { reason, ...segment } = c.req.valid('json');
      const actor = authorize(c, 'operator', target.workflow, target.environment);
      return c.json(revisionView(await config.setSegment({ ...target, name }, segment as Segment, actor, reason)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/segments/{name}`,
      operationId: 'deleteSegment',
      tags,
      summary: 'Remove a segment nothing refers to',
      request: { params: envParams.extend({ name: slug }), query: reasonQuery },
      responses: revision,
    }),
    async (c) => {
      const { name, ...target } = c.req.valid('param');
      const actor = authorize(c, 'operator', target.workflow, target.environment);
      return c.json(
        revisionView(await config.unsetSegment({ ...target, name }, actor, c.req.valid('query').reason)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/split`,
      operationId: 'setSplit',
      tags,
      summary: "Set a release's traffic split to a candidate bundle",
      request: { params: envParams, ...jsonBody(setSplitBodySchema) },
      responses: revision,
    }),
    async (c) => {
      const target = c.req.valid('param');
      const { reason, ...body } = c.req.valid('json');
      const actor = authorize(c, 'operator', target.workflow, target.environment);
      const split = {
        release: body.release,
        candidate: body.candidate,
        percent: body.percent,
        ...(body.eligibleSegment ? { eligibleSegment: body.eligibleSegment } : {}),
        ...(body.segmentPercents ? { segmentPercents: body.segmentPercents } : {}),
      };
      return c.json(revisionView(await config.setSplit(target, split, actor, reason)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/split`,
      operationId: 'clearSplit',
      tags,
      summary: 'End the traffic split: everyone gets the control bundle',
      request: { params: envParams, query: reasonQuery },
      responses: revision,
    }),
    async (c) => {
      const target = c.req.valid('param');
      const actor = authorize(c, 'operator', target.workflow, target.environment);
      return c.json(revisionView(await config.clearSplit(target, actor, c.req.valid('query').reason)), 200);
    },
  );

  return app;
}
