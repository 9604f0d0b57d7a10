import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { scopeAllows } from '../auth/principal.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { AppError } from '../../errors.js';
import { bundleConsistencyIssues } from './bundle-model.js';
import { bundleSchema } from './bundle-schema.js';
import type { RegistryPort } from './registry-service.js';
import { bundleView, bundleViewSchema, workflowView, workflowViewSchema } from './registry-views.js';
import { slug, workflowSchema } from './workflow-schema.js';

const workflowParam = z.object({ workflow: slug });
const bundleParams = z.object({ workflow: slug, version: z.string().min(1).max(64) });
const outcome = z.enum(['created', 'updated', 'unchanged']);
const fieldChange = z
  .object({ path: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })
  .describe(
    'one changed field: its values before and after, as the bundles hold them (any JSON; absent when added or removed)',
  );
const diffSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    components: z.array(
      z.object({
        component: z.string(),
        status: z.enum(['unchanged', 'changed', 'added', 'removed']),
        changes: z.array(fieldChange),
      }),
    ),
    changedComponents: z.array(z.string()),
    flags: z.array(fieldChange),
    requires: z.array(fieldChange),
  })
  .meta({ id: 'BundleDiff' });
const tags = ['registry'];

/** Routes for workflows and bundles (R1). */
export function bundleRoutes(registry: RegistryPort) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows',
      operationId: 'listWorkflows',
      tags,
      summary: 'List workflows',
      responses: { 200: json(z.object({ workflows: z.array(workflowViewSchema) })), ...errorResponses },
    }),
    async (c) => {
      const principal = authorize(c, 'viewer');
      // A workflow-scoped token sees only its workflows (issue 18).
      const workflows = (await registry.listWorkflows()).filter((w) => scopeAllows(principal, w.name));
      return c.json({ workflows: workflows.map(workflowView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}',
      operationId: 'getWorkflow',
      tags,
      summary: 'Show a workflow',
      request: { params: workflowParam },
      responses: { 200: json(workflowViewSchema), ...errorResponses },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      authorize(c, 'viewer', workflow);
      return c.json(workflowView(await registry.getWorkflow(workflow)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/workflows/{workflow}',
      operationId: 'applyWorkflow',
      tags,
      summary: 'Create or update a workflow',
      request: { params: workflowParam, ...jsonBody(workflowSchema) },
      responses: { 200: json(z.object({ outcome }).meta({ id: 'WorkflowApplied' })), ...errorResponses },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      const spec = c.req.valid('json');
      const principal = authorize(c, 'operator', workflow);
      if (spec.name !== workflow)
        throw new AppError('validation_failed', `name "${spec.name}" does not match the URL's workflow "${workflow}"`, [
          { path: 'name', message: 'must match the URL' },
        ]);
      return c.json({ outcome: await registry.applyWorkflow(spec, principal) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/bundles',
      operationId: 'listBundles',
      tags,
      summary: "List a workflow's bundles",
      request: { params: workflowParam, query: z.object({ includeArchived: z.enum(['true', 'false']).optional() }) },
      responses: { 200: json(z.object({ bundles: z.array(bundleViewSchema) })), ...errorResponses },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      authorize(c, 'viewer', workflow);
      const bundles = await registry.listBundles(workflow, c.req.valid('query').includeArchived === 'true');
      return c.json({ bundles: bundles.map(bundleView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/workflows/{workflow}/bundles',
      operationId: 'registerBundle',
      tags,
      summary: 'Register a bundle (immutable; same content again is a no-op)',
      request: { params: workflowParam, ...jsonBody(bundleSchema) },
      responses: {
        200: json(z.object({ outcome, id: z.string().describe("the bundle's id") }).meta({ id: 'BundleRegistered' })),
        ...conflictResponse('Different content under an existing version'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      const spec = c.req.valid('json');
      const principal = authorize(c, 'operator', workflow);
      if (spec.workflow !== workflow)
        throw new AppError('validation_failed', `workflow "${spec.workflow}" does not match the URL's "${workflow}"`, [
          { path: 'workflow', message: 'must match the URL' },
        ]);
      const issues = bundleConsistencyIssues(spec);
      if (issues.length > 0)
        throw new AppError('validation_failed', `invalid bundle: ${issues[0]!.path}: ${issues[0]!.message}`, issues);
      return c.json(await registry.applyBundle(spec, principal), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/bundles/{version}',
      operationId: 'getBundle',
      tags,
      summary: 'Show a bundle',
      request: { params: bundleParams },
      responses: { 200: json(bundleViewSchema), ...errorResponses },
    }),
    async (c) => {
      const { workflow, version } = c.req.valid('param');
      authorize(c, 'viewer', workflow);
      return c.json(bundleView(await registry.getBundle(workflow, version)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/bundles/{version}/retention',
      operationId: 'getBundleRetention',
      tags,
      summary: 'What still needs this bundle (labels, releases, cool-downs)',
      request: { params: bundleParams },
      responses: {
        200: json(
          z.object({
            retained: z.boolean(),
            reasons: z.array(z.object({ kind: z.enum(['label', 'hold']), message: z.string() })),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { workflow, version } = c.req.valid('param');
      authorize(c, 'viewer', workflow);
      await registry.getBundle(workflow, version);
      const reasons = await registry.retentionReasons(workflow, version);
      return c.json({ retained: reasons.length > 0, reasons }, 200);
    },
  );

  for (const action of ['archive', 'unarchive'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/workflows/{workflow}/bundles/{version}/${action}`,
        operationId: `${action}Bundle`,
        tags,
        summary:
          action === 'archive'
            ? 'Archive a bundle no label, release or cool-down needs'
            : 'Bring an archived bundle back',
        request: { params: bundleParams },
        responses: {
          200: json(bundleViewSchema),
          ...conflictResponse('Still retained'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { workflow, version } = c.req.valid('param');
        const principal = authorize(c, 'operator', workflow);
        const record =
          action === 'archive'
            ? await registry.archiveBundle(workflow, version, principal)
            : await registry.unarchiveBundle(workflow, version, principal);
        return c.json(bundleView(record), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/workflows/{workflow}/bundles/{version}',
      operationId: 'deleteBundle',
      tags,
      summary: 'Delete a bundle no label, release or cool-down needs',
      request: { params: bundleParams },
      responses: {
        200: json(bundleViewSchema),
        ...conflictResponse('Still retained'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { workflow, version } = c.req.valid('param');
      const principal = authorize(c, 'admin', workflow);
      return c.json(bundleView(await registry.deleteBundle(workflow, version, principal)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/diff',
      operationId: 'diffBundles',
      tags,
      summary: 'Diff two bundles component by component',
      request: { params: workflowParam, query: z.object({ from: z.string().min(1), to: z.string().min(1) }) },
      responses: { 200: json(diffSchema), ...errorResponses },
    }),
    async (c) => {
      const { workflow } = c.req.valid('param');
      authorize(c, 'viewer', workflow);
      const { from, to } = c.req.valid('query');
      return c.json(await registry.diff(workflow, from, to), 200);
    },
  );

  return app;
}
