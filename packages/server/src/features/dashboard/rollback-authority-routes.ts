/**
 * `GET /v1/releases/{id}/rollback-authority`: before anyone presses "roll back now", the plan it
 * would run and what authority (R6.1) says about it for the caller — allowed, refused, or which
 * approvals it needs and who may give them (issue 18: "showing the plan and who may approve first").
 * A dry run: nothing is recorded.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { notFound } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { createRouter, errorResponses, json } from '../../http/router.js';
import { authorityActionOf, authorizePlan } from '../releases/authority/authority.js';
import type { ReleaseMachine } from '../releases/machine/release-machine.js';
import type { Principal } from '../auth/principal.js';
import { authorityDecisionSchema } from '../releases/authority/authority-schema.js';
import { rollbackPlanSchema } from '../releases/planning/rollback-plan-schema.js';
import { releaseIdParam } from '../releases/release-params.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { RegistryStore } from '../bundles/registry-store.js';

/** What the authority route reads. */
export interface AuthorityRouteStores {
  releases: ReleaseStore;
  registry: RegistryStore;
}

/** The dry-run authority route. */
export function rollbackAuthorityRoutes(deps: { stores: AuthorityRouteStores; machine: ReleaseMachine; clock: Clock }) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases/{id}/rollback-authority',
      operationId: 'checkRollbackAuthority',
      tags: ['releases'],
      summary:
        'The rollback that would run now and, for this token, whether it may run it or which approvals it needs and who may give them (dry run)',
      request: {
        params: releaseIdParam,
        query: z.object({ level: z.enum(['1', '2', '3', '4']).optional() }),
      },
      responses: {
        200: json(
          z
            .object({
              plan: rollbackPlanSchema,
              authority: authorityDecisionSchema,
              approvers: z
                .array(
                  z.object({ requirement: z.string(), roles: z.array(z.string()), principals: z.array(z.string()) }),
                )
                .describe(
                  'the approvals this rollback needs when ripcord itself asks for it (what a waiting rollback waits for)',
                ),
            })
            .meta({ id: 'RollbackAuthorityCheck' }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const release = await deps.stores.releases.get(id);
      if (release === undefined) throw notFound(`release ${id}`);
      const principal = authorize(c, 'viewer', release.workflow, release.environment);
      const level = c.req.valid('query').level;
      const plan = await deps.machine.planRollback(release, {
        reason: 'dry run',
        ...(level ? { requestedLevel: Number(level) as 1 | 2 | 3 | 4 } : {}),
      });
      const workflow = await deps.stores.registry.getWorkflow(release.workflow);
      const ask = (actor: Principal | 'automatic') =>
        authorizePlan({
          workflow: { name: release.workflow, owners: workflow?.spec.owners },
          release: release.spec,
          action: authorityActionOf(plan),
          actor,
          now: deps.clock.now(),
        });
      const authority = ask(principal);
      // What it needs when ripcord asks for it itself: the approvals a waiting rollback waits for.
      const automatic = ask('automatic');
      const approvers = automatic.outcome === 'needs-approvals' ? automatic.remaining : [];
      return c.json(
        {
          plan,
          authority,
          approvers,
        },
        200,
      );
    },
  );
  return app;
}
