import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { scopeAllows } from '../auth/principal.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { slug } from '../bundles/workflow-schema.js';
import type { ReleaseMachine } from './machine/release-machine.js';
import { readinessSchema, workflowReadinessSchema } from './readiness/readiness-schema.js';
import { reasonBody, releaseIdParam as idParam, releaseLoader } from './release-params.js';
import type { ReleaseService } from './release-service.js';
import {
  decisionRecordSchema,
  decisionRecordView,
  offlineJudgementSchema,
  releaseView,
  releaseViewSchema,
  timelineEntrySchema,
  timelineEntryView,
} from './release-view-schema.js';

const tags = ['releases'];
const conflict = conflictResponse('Not possible in the release’s current state');
const offlineAnswer = offlineJudgementSchema.pick({ verdict: true, reason: true, required: true });
type OfflineAnswer = z.infer<typeof offlineAnswer>;

/** Routes for release tickets and their state machine (R2, R6); rollbacks are in release-rollback-routes.ts. */
export function releaseRoutes(releases: ReleaseService, machine: ReleaseMachine) {
  const app = createRouter();
  const load = releaseLoader(releases);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases',
      operationId: 'listReleases',
      tags,
      summary: 'Releases, newest first',
      request: { query: z.object({ workflow: slug.optional(), active: z.enum(['true', 'false']).optional() }) },
      responses: { 200: json(z.object({ releases: z.array(releaseViewSchema) })), ...errorResponses },
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
      operationId: 'getRelease',
      tags,
      summary: 'A release with its timeline and decisions',
      request: { params: idParam },
      responses: {
        200: json(
          z
            .object({
              release: releaseViewSchema,
              timeline: z.array(timelineEntrySchema),
              decisions: z.array(decisionRecordSchema),
            })
            .meta({ id: 'ReleaseShown' }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      authorize(c, 'viewer', release.workflow, release.environment);
      const [timeline, decisions] = await Promise.all([releases.timeline(release.id), releases.decisions(release.id)]);
      return c.json(
        {
          release: releaseView(release),
          timeline: timeline.map(timelineEntryView),
          decisions: decisions.map(decisionRecordView),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases/{id}/readiness',
      operationId: 'getReleaseReadiness',
      tags,
      summary: 'Readiness (R2.3) and how long a rollback would take now',
      request: { params: idParam },
      responses: { 200: json(readinessSchema), ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      authorize(c, 'viewer', release.workflow, release.environment);
      return c.json(await machine.readiness(release), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/workflows/{workflow}/environments/{environment}/readiness',
      operationId: 'getWorkflowReadiness',
      tags,
      summary:
        'Readiness (R2.3) of any workflow: its active release’s, or the rollback path of what production serves, with how long a rollback would take now',
      request: { params: z.object({ workflow: slug, environment: slug }) },
      responses: { 200: json(workflowReadinessSchema), ...errorResponses },
    }),
    async (c) => {
      const target = c.req.valid('param');
      authorize(c, 'viewer', target.workflow, target.environment);
      return c.json(await machine.workflowReadiness(target), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/start',
      operationId: 'startRelease',
      tags,
      summary: 'Start a pending release once readiness passes',
      request: { params: idParam },
      responses: {
        200: json(
          z
            .object({
              started: z.boolean().describe('false: readiness blocked it (see readiness.blockers)'),
              readiness: readinessSchema,
              release: releaseViewSchema,
            })
            .meta({ id: 'StartAnswer' }),
        ),
        ...conflict,
        ...errorResponses,
      },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      const r = await machine.start(release, actor);
      return c.json({ started: r.started, readiness: r.readiness, release: releaseView(await load(release.id)) }, 200);
    },
  );

  for (const action of ['pause', 'resume', 'abort', 'promote'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/releases/{id}/${action}`,
        operationId: `${action}Release`,
        tags,
        summary: `${action[0]!.toUpperCase()}${action.slice(1)} a release by hand`,
        request: { params: idParam, ...jsonBody(reasonBody) },
        responses: { 200: json(releaseViewSchema, 'The release after the change'), ...conflict, ...errorResponses },
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
      operationId: 'recordOfflineEvidence',
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
      responses: {
        200: json(
          z.intersection(releaseViewSchema, z.object({ offline: offlineAnswer })).meta({ id: 'OfflineEvidenceAnswer' }),
          'The release after the evidence, with the verdict',
        ),
        ...conflict,
        ...errorResponses,
      },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      const after = await machine.recordOfflineEvidence(release, c.req.valid('json'), actor);
      // The verdict as recorded: the offline-evidence entry this request just wrote (release-lifecycle.ts).
      const recorded = (await releases.timeline(release.id)).findLast((e) => e.kind === 'release.offline-evidence');
      const { verdict, reason, required } = (recorded?.details ?? {}) as Partial<OfflineAnswer>;
      return c.json({ ...releaseView(after), offline: { verdict, reason, required } as OfflineAnswer }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/acknowledge',
      operationId: 'acknowledgeRollback',
      tags,
      summary: "The team lead acknowledges a level-2 rollback's notification (R6.1: within 15 minutes)",
      request: { params: idParam },
      responses: {
        200: json(releaseViewSchema, 'The release after the acknowledgement'),
        ...conflict,
        ...errorResponses,
      },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const actor = authorize(c, 'operator', release.workflow, release.environment);
      return c.json(releaseView(await machine.acknowledge(release, actor)), 200);
    },
  );

  return app;
}
