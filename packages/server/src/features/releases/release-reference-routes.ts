import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import type { ReleaseMachine } from './machine/release-machine.js';
import { referencesBodySchema, referenceSeries } from './ticket/release-references.js';
import { releaseIdParam as idParam, releaseLoader } from './release-params.js';
import type { ReleaseService } from './release-service.js';

const resultSchema = z
  .object({
    release: z.string().describe("the release's name"),
    declared: z.array(z.string()).describe('the series that have a reference distribution now'),
    missing: z.array(z.string()),
  })
  .meta({ id: 'ReferencesAnswer' });

/** `PUT /v1/releases/{id}/references`: reference distributions for `driftFromReference` gates. */
export function releaseReferenceRoutes(releases: ReleaseService, machine: ReleaseMachine) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/releases/{id}/references',
      operationId: 'declareReferences',
      tags: ['releases'],
      summary:
        'Declare the reference distributions its driftFromReference gates compare with (per series: prediction or a feature), before the release starts',
      request: { params: idParam, ...jsonBody(referencesBodySchema) },
      responses: {
        200: json(resultSchema, 'Declared; `missing` lists the series its gates compare that still have none'),
        ...conflictResponse('The release has started'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const found = await releaseLoader(releases)(c.req.valid('param').id);
      const actor = authorize(c, 'operator', found.workflow, found.environment);
      const after = await machine.declareReferences(found, c.req.valid('json').distributions, actor);
      const declared = after.references;
      const wanted = [...referenceSeries(after.spec.gates)];
      return c.json(
        {
          release: after.name,
          declared: Object.keys(declared),
          missing: wanted.filter((name) => declared[name] === undefined),
        },
        200,
      );
    },
  );
  return app;
}
