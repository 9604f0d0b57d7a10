import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { rollbackActionSchema } from '../gates/language/gate-spec.js';
import type { Principal } from '../auth/principal.js';
import type { DeniedAsk } from './machine/release-deadlines.js';
import type { ReleaseMachine } from './machine/release-machine.js';
import type { ReleaseRecord } from './release-store.js';
import { rollbackPlanSchema } from './planning/rollback-plan-schema.js';
import { releaseIdParam as idParam, releaseLoader } from './release-params.js';
import type { ReleaseService } from './release-service.js';
import { approvalAnswerSchema, rollbackOutcomeSchema } from './rollback-outcome-schema.js';

const tags = ['releases'];
const conflict = conflictResponse('Not possible in the release’s current state');

/** Routes that roll a release back (R5, R6): the dry run, the rollback itself, its approvals. */
export function releaseRollbackRoutes(releases: ReleaseService, machine: ReleaseMachine) {
  const app = createRouter();
  const load = releaseLoader(releases);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases/{id}/rollback-plan',
      operationId: 'planRollback',
      tags,
      summary: 'The rollback that would run now (dry run)',
      request: { params: idParam, query: z.object({ level: z.enum(['1', '2', '3', '4']).optional() }) },
      responses: { 200: json(rollbackPlanSchema), ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      authorize(c, 'viewer', release.workflow, release.environment);
      const level = c.req.valid('query').level;
      const plan = await machine.planRollback(release, {
        reason: 'dry run',
        ...(level ? { requestedLevel: Number(level) as 1 | 2 | 3 | 4 } : {}),
      });
      return c.json(plan, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/rollback',
      operationId: 'rollBackRelease',
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
      responses: { 200: json(rollbackOutcomeSchema), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const body = c.req.valid('json');
      const level = body.level as 1 | 2 | 3 | 4 | undefined;
      // A request refused here (role, scope, an override by someone not the incident commander) is recorded.
      const { actor, override } = await deniedRecorded(
        machine,
        release,
        c.get('principal'),
        'rollback',
        body.reason,
        async () => {
          const actor = authorize(c, 'operator', release.workflow, release.environment);
          const override = body.override
            ? await machine.checkOverride(release, actor, body.override, body.reason, level)
            : undefined;
          return { actor, override };
        },
      );
      const outcome = await machine.rollback(release, actor, {
        reason: body.reason,
        ...(level ? { requestedLevel: level } : {}),
        ...(override ? { override } : {}),
      });
      return c.json(outcome, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/approvals',
      operationId: 'answerApproval',
      tags,
      summary: 'Grant or refuse the rollback waiting for approval; a grant that completes the approvals runs it',
      request: {
        params: idParam,
        ...jsonBody(z.strictObject({ verdict: z.enum(['grant', 'refuse']), reason: z.string().min(1).max(2000) })),
      },
      responses: { 200: json(approvalAnswerSchema), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const release = await load(c.req.valid('param').id);
      const body = c.req.valid('json');
      // Every refused approval is recorded, also one the token's role or scope refuses here.
      const actor = await deniedRecorded(machine, release, c.get('principal'), body.verdict, body.reason, () =>
        Promise.resolve(authorize(c, 'operator', release.workflow, release.environment)),
      );
      return c.json(await machine.approve(release, actor, body.verdict, body.reason), 200);
    },
  );

  return app;
}

/** Runs `check`; a 403 it throws is recorded as `approval.denied` on the release, then thrown. */
async function deniedRecorded<T>(
  machine: ReleaseMachine,
  release: ReleaseRecord,
  principal: Principal,
  ask: DeniedAsk,
  given: string,
  check: () => Promise<T>,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden')
      await machine.denyApproval(release, principal, ask, given, error.message);
    throw error;
  }
}
