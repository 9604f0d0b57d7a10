import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { scopeAllows } from '../auth/principal.js';
import { createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { slug } from '../bundles/workflow-schema.js';
import { rollbackActionSchema } from '../gates/language/gate-spec.js';
import type { ReleaseMachine } from './machine/release-machine.js';
import type { ReleaseService } from './release-service.js';
import type { DecisionRecord, ReleaseEvent, ReleaseRecord } from './release-store.js';

const tags = ['releases'];
const idParam = z.object({ id: z.string().regex(/^rel_[0-9a-f]{12}$/, 'a release id such as rel_0123456789ab') });
const reasonBody = z.strictObject({ reason: z.string().min(1, 'say why (kept in the record)').max(2000) });
const anyObject = z.record(z.string(), z.unknown());
const conflict = {
  409: json(errorResponses[400].content['application/json'].schema, 'Not possible in the release’s current state'),
};

function releaseView(r: ReleaseRecord) {
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    spec: r.spec as unknown as Record<string, unknown>,
    timers: r.timers as Record<string, unknown>,
  };
}
const eventView = (e: ReleaseEvent) => ({ ...e, at: e.at.toISOString() });
const decisionView = (d: DecisionRecord) => ({ ...d, at: d.at.toISOString() });

/** Routes for release tickets and their state machine (R2, R5, R6). */
export function releaseRoutes(releases: ReleaseService, machine: ReleaseMachine) {
  const app = createRouter();
  const load = async (id: string) => (await releases.byId(id)) ?? Promise.reject(notFound(`release ${id}`));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases',
      tags,
      summary: 'Releases, newest first',
      request: { query: z.object({ workflow: slug.optional(), active: z.enum(['true', 'false']).optional() }) },
      responses: { 200: json(z.object({ releases: z.array(anyObject) })), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const principal = authorize(c, 'viewer', q.workflow);
      const list = await releases.list({
        ...(q.workflow ? { workflow: q.workflow } : {}),
        ...(q.active === 'true' ? { active: true } : {}),
      });
      // A workflow-scoped token sees only its workflows' releases (issue 18).
      const visible = list.filter((r) => scopeAllows(principal, r.workflow, r.environment));
      return c.json({ releases: visible.map(releaseView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases/{id}',
      tags,
      summary: 'A release with its timeline and decisions',
      request: { params: idParam },
      responses: {
        200: json(z.object({ release: anyObject, timeline: z.array(anyObject), decisions: z.array(anyObject) })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      authorize(c, 'viewer', release.workflow, release.environment);
      const [timeline, decisions] = await Promise.all([releases.timeline(release.id), releases.decisions(release.id)]);
      return c.json(
        { release: releaseView(release), timeline: timeline.map(eventView), decisions: decisions.map(decisionView) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases/{id}/readiness',
      tags,
      summary: 'Readiness (R2.3) and how long a rollback would take now',
      request: { params: idParam },
      responses: { 200: json(anyObject), ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      authorize(c, 'viewer', release.workflow, release.environment);
      return c.json((await machine.readiness(release)) as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/environments/{environment}/readiness',
      tags,
      summary:
        'Readiness (R2.3) of any workflow: its active release’s, or the rollback path of what production serves, with how long a rollback would take now',
      request: { params: z.object({ workflow: slug, environment: slug }) },
      responses: { 200: json(anyObject), ...errorResponses },
    }),
    async (c) => {
      const target = c.req.valid('param');
      authorize(c, 'viewer', target.workflow, target.environment);
      return c.json((await machine.workflowReadiness(target)) as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/start',
      tags,
      summary: 'Start a pending release once readiness passes',
      request: { params: idParam },
      responses: {
        200: json(z.object({ started: z.boolean(), readiness: anyObject, release: anyObject })),
        ...conflict,
        ...errorResponses,
      },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      const r = await machine.start(release, actor);
      return c.json(
        {
          started: r.started,
          readiness: r.readiness as unknown as Record<string, unknown>,
          release: releaseView(await load(release.id)),
        },
        200,
      );
    },
  );

  for (const action of ['pause', 'resume', 'abort', 'promote'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/releases/{id}/${action}`,
        tags,
        summary: `${action[0]!.toUpperCase()}${action.slice(1)} a release by hand`,
        request: { params: idParam, ...jsonBody(reasonBody) },
        responses: { 200: json(anyObject), ...conflict, ...errorResponses },
      }),
      async (c) => {
        const release = await load(c.req.valid('param').id);
        const actor = authorize(c, 'operator', release.workflow, release.environment);
        const { reason } = c.req.valid('json');
        return c.json(releaseView(await machine[action](release, actor, reason)), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/offline-evidence',
      tags,
      summary:
        "Record and judge the offline evaluation's evidence: enough tasks at the required pass rate complete the offline stage; a failed evaluation pauses the release",
      request: {
        params: idParam,
        ...jsonBody(
          z
            .strictObject({
              tasks: z.number().int('must be a whole number').min(1, 'must be at least 1'),
              passed: z.number().int('must be a whole number').min(0, 'must be at least 0'),
              dataset: z.string().max(200).optional(),
              notes: z.string().max(5000).optional(),
            })
            .refine((e) => e.passed <= e.tasks, {
              path: ['passed'],
              message: 'cannot exceed tasks (passed counts tasks of this evaluation)',
            }),
        ),
      },
      responses: { 200: json(anyObject), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      const after = await machine.recordOfflineEvidence(release, c.req.valid('json'), actor);
      // The verdict as recorded: the last offline-evidence entry of the timeline.
      const recorded = (await releases.timeline(release.id)).findLast((e) => e.kind === 'release.offline-evidence');
      const { verdict, reason, required } = recorded?.details ?? {};
      return c.json({ ...releaseView(after), offline: { verdict, reason, required } }, 200);
    },
  );

  const levelQuery = z.object({ level: z.enum(['1', '2', '3', '4']).optional() });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases/{id}/rollback-plan',
      tags,
      summary: 'The rollback that would run now (dry run)',
      request: { params: idParam, query: levelQuery },
      responses: { 200: json(anyObject), ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      authorize(c, 'viewer', release.workflow, release.environment);
      const level = c.req.valid('query').level;
      return c.json(
        (await machine.planRollback(release, {
          reason: 'dry run',
          ...(level ? { requestedLevel: Number(level) as 1 | 2 | 3 | 4 } : {}),
        })) as unknown as Record<string, unknown>,
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/rollback',
      tags,
      summary:
        'Roll back now (authority checked; may wait for approvals). The incident commander may override the plan.',
      request: {
        params: idParam,
        ...jsonBody(
          z.strictObject({
            reason: z.string().min(1).max(2000),
            level: z.number().int().min(1).max(4).optional(),
            override: rollbackActionSchema.optional().describe('incident commander only: the steps to run instead'),
          }),
        ),
      },
      responses: { 200: json(anyObject), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      const body = c.req.valid('json');
      const level = body.level as 1 | 2 | 3 | 4 | undefined;
      const override = body.override
        ? await machine.checkOverride(release, actor, body.override, body.reason, level)
        : undefined;
      const outcome = await machine.rollback(release, actor, {
        reason: body.reason,
        ...(level ? { requestedLevel: level } : {}),
        ...(override ? { override } : {}),
      });
      return c.json(outcome as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/approvals',
      tags,
      summary: 'Grant or refuse the rollback waiting for approval; a grant that completes the approvals runs it',
      request: {
        params: idParam,
        ...jsonBody(z.strictObject({ verdict: z.enum(['grant', 'refuse']), reason: z.string().min(1).max(2000) })),
      },
      responses: { 200: json(anyObject), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      const body = c.req.valid('json');
      return c.json(
        (await machine.approve(release, actor, body.verdict, body.reason)) as unknown as Record<string, unknown>,
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/acknowledge',
      tags,
      summary: "The team lead acknowledges a level-2 rollback's notification (R6.1: within 15 minutes)",
      request: { params: idParam },
      responses: { 200: json(anyObject), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      return c.json(releaseView(await machine.acknowledge(release, actor)), 200);
    },
  );

  return app;
}
