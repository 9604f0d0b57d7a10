import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import type { ReleaseMachine } from '../releases/machine/release-machine.js';
import { rollbackLevelSchema, rollbackPlanSchema } from '../releases/planning/rollback-plan-schema.js';
import { runStatusSchema } from '../releases/rollback-outcome-schema.js';
import { actuatorSchema, builtinActuator } from './actuator-schema.js';
import { dryRunPlan } from './actuators/actuation.js';
import type { RollbackExecutor } from './rollback-executor.js';
import type { RollbackRun } from './run-store.js';
import type { RunStore } from './run-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { RegistryStore } from '../bundles/registry-store.js';

/** What the rollback routes read. */
export interface RollbackRouteStores {
  runs: RunStore;
  releases: ReleaseStore;
  registry: RegistryStore;
}

const tags = ['rollbacks'];
const runParam = z.object({ runId: z.string().regex(/^run_[0-9a-f]{12}$/, 'a run id such as run_0123456789ab') });
const stepParam = runParam.extend({
  step: z.string().regex(/^\d{1,4}$/, 'a step index: 0 for the first step'),
});
const releaseQuery = z.object({
  release: z.string().regex(/^rel_[0-9a-f]{12}$/, 'a release id such as rel_0123456789ab'),
});
const conflict = conflictResponse('Not possible in the run’s current state');

const jobSchema = z
  .object({
    status: z.enum(['dispatched', 'manual', 'running', 'succeeded', 'failed']),
    progress: z.number(),
    message: z.string().optional(),
    actuator: z.string().nullable(),
    dispatchedAt: z.string(),
    deadlineAt: z.string(),
    updatedAt: z.string(),
    reportedBy: z.string().optional(),
    handle: z.string().optional().describe("A built-in kind's job, e.g. the SQL statement id it polls"),
  })
  .meta({ id: 'RollbackJob' });

const callSchema = z.object({
  method: z.enum(['GET', 'POST', 'PATCH']),
  url: z.string(),
  headers: z.record(z.string(), z.string()).describe('The credential appears as its variable name, never its value'),
  body: z.unknown().optional().describe("the request body exactly as it would be sent (the target's own JSON)"),
  purpose: z.enum(['read', 'apply', 'read-back', 'check', 'poll']),
});

const actuationSchema = z
  .object({
    step: z.number().int().describe("The step's index in the plan"),
    actuator: z.string().describe('The component or job kind the actuator is declared for'),
    kind: z.string(),
    calls: z.array(callSchema).describe('The exact calls a rollback would make, in order'),
    effect: z.string(),
    problem: z.string().optional().describe('Why the calls could not be made as shown'),
  })
  .meta({ id: 'RollbackActuation' });

const dryRunQuery = releaseQuery.extend({ level: z.enum(['1', '2', '3', '4']).optional() });

const stepSchema = z
  .object({
    index: z.number().int(),
    kind: z.enum(['pause', 'set-flag', 'traffic', 'restore', 'job']),
    text: z.string(),
    key: z.string().describe("the step's idempotency key"),
    status: z.enum(['pending', 'started', 'waiting', 'done', 'failed']),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    result: z.string().optional(),
    error: z.string().optional(),
    calls: z.record(z.string(), z.string()).optional(),
    job: jobSchema.optional(),
  })
  .meta({ id: 'RollbackRunStep' });

const runSchema = z
  .object({
    id: z.string(),
    releaseId: z.string(),
    status: runStatusSchema,
    level: rollbackLevelSchema.describe("the plan's level (the authority it needed)"),
    actor: z.string(),
    reason: z.string(),
    steps: z.array(stepSchema),
    plan: rollbackPlanSchema, // the plan the run executes, frozen when it was created
    actuators: z
      .record(z.string(), actuatorSchema)
      .nullable()
      .describe(
        'The actuator declarations the run uses, frozen when it was created; null for a run stored before they were (it reads the current workflow)',
      ),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'RollbackRun' });

/** A run as the API shows it. */
export function runView(run: RollbackRun): z.infer<typeof runSchema> {
  return {
    id: run.id,
    releaseId: run.releaseId,
    status: run.status,
    level: run.plan.level,
    actor: run.actor,
    reason: run.reason,
    steps: run.steps,
    plan: run.plan,
    actuators: run.actuators ?? null,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** Routes for rollback runs: show them, and report the status of their level 3/4 jobs. */
export function rollbackRoutes(deps: {
  stores: RollbackRouteStores;
  machine: ReleaseMachine;
  executor: RollbackExecutor;
}) {
  const app = createRouter();
  const load = async (runId: string) => {
    const run = await deps.stores.runs.get(runId);
    const release = run && (await deps.stores.releases.get(run.releaseId));
    if (!run || !release) throw notFound(`rollback run ${runId}`);
    return { run, release };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/rollbacks',
      operationId: 'listRollbackRuns',
      tags,
      summary: "A release's rollback runs, newest first",
      request: { query: releaseQuery },
      responses: { 200: json(z.object({ runs: z.array(runSchema) })), ...errorResponses },
    }),
    async (c) => {
      const id = c.req.valid('query').release;
      const release = await deps.stores.releases.get(id);
      if (!release) throw notFound(`release ${id}`);
      authorize(c, 'viewer', release.workflow, release.environment);
      return c.json({ runs: (await deps.stores.runs.forRelease(id)).map(runView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/rollbacks/dry-run',
      operationId: 'rollbackDryRun',
      tags,
      summary:
        "The rollback that would run now with the exact calls of the workflow's built-in actuators (reads their targets, never writes)",
      request: { query: dryRunQuery },
      responses: {
        200: json(
          z.object({ plan: rollbackPlanSchema, actuations: z.array(actuationSchema) }).meta({ id: 'RollbackDryRun' }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { release: id, level } = c.req.valid('query');
      const release = await deps.stores.releases.get(id);
      if (!release) throw notFound(`release ${id}`);
      authorize(c, 'viewer', release.workflow, release.environment);
      const plan = await deps.machine.planRollback(release, {
        reason: 'dry run',
        ...(level ? { requestedLevel: Number(level) as 1 | 2 | 3 | 4 } : {}),
      });
      const actuators = (await deps.stores.registry.getWorkflow(release.workflow))?.spec.actuators;
      const actuations =
        plan.status === 'planned'
          ? await dryRunPlan(plan, (name) => builtinActuator(actuators, name), deps.executor.actuationDeps())
          : [];
      return c.json({ plan, actuations }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/rollbacks/{runId}',
      operationId: 'getRollbackRun',
      tags,
      summary: 'A rollback run with its steps, their results and the progress of its jobs',
      request: { params: runParam },
      responses: { 200: json(z.object({ run: runSchema })), ...errorResponses },
    }),
    async (c) => {
      const { run, release } = await load(c.req.valid('param').runId);
      authorize(c, 'viewer', release.workflow, release.environment);
      return c.json({ run: runView(run) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/rollbacks/{runId}/jobs/{step}',
      operationId: 'reportRollbackJob',
      tags,
      summary:
        'Report the status of a level 3/4 job (its runner, or a person). Success lets the run go on; failure fails it.',
      request: {
        params: stepParam,
        ...jsonBody(
          z.strictObject({
            status: z.enum(['running', 'succeeded', 'failed']),
            progress: z.number().min(0).max(1).optional().describe('0..1'),
            message: z.string().min(1).max(2000).optional(),
          }),
        ),
      },
      responses: { 200: json(z.object({ run: runSchema })), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const { runId, step } = c.req.valid('param');
      const { release } = await load(runId);
      const actor = authorize(c, 'jobs', release.workflow, release.environment);
      const body = c.req.valid('json');
      const report = {
        status: body.status,
        ...(body.progress !== undefined ? { progress: body.progress } : {}),
        ...(body.message !== undefined ? { message: body.message } : {}),
      };
      await deps.executor.report(runId, Number(step), report, actor.subject);
      if (body.status !== 'running') await deps.machine.continueRun(runId);
      return c.json({ run: runView((await load(runId)).run) }, 200);
    },
  );
  return app;
}
