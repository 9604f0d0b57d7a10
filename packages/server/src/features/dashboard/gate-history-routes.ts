/** `GET /v1/releases/{id}/gates/history`: each gate's readings over time, for the dashboard's chart (issue 18). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { createRouter, errorResponses, json } from '../../http/router.js';
import { releaseIdParam } from '../releases/release-params.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { GateHistory } from './gate-history.js';

const num = z.number().nullable();
const pointSchema = z
  .object({
    state: z.string().describe('passing, breached or inconclusive (as the gate engine says)'),
    statistic: num.describe("the candidate's value of the metric"),
    control: num.describe("control's value over the same window, when the gate reads it"),
    threshold: num.describe('the value at which the gate breaches'),
    logE: num.describe("natural log of the sequential test's e-value"),
    logNeeded: num.describe('natural log of 1/α: the e-value at which the sequential test breaches'),
    samples: z.number().describe('candidate samples in the window'),
  })
  .meta({ id: 'GateHistoryPoint' });
const historySchema = z
  .object({
    release: z.object({ id: z.string(), workflow: z.string(), environment: z.string(), name: z.string() }),
    capacity: z.number().describe('ticks kept before older ones are thinned'),
    thinned: z.number().describe('times older ticks were halved'),
    ticks: z.array(z.object({ at: z.string(), gates: z.record(z.string(), pointSchema) })),
  })
  .meta({ id: 'GateHistory' });

/** The route reading a release's gate history. */
export function gateHistoryRoutes(deps: {
  history: GateHistory;
  findRelease: (id: string) => Promise<ReleaseRecord | undefined>;
}) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases/{id}/gates/history',
      operationId: 'getGateHistory',
      tags: ['gates'],
      summary: "Each gate's readings at every tick (bounded; older ticks thinned, state changes kept)",
      request: { params: releaseIdParam },
      responses: { 200: json(historySchema), ...errorResponses },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const r = await deps.findRelease(id);
      if (r === undefined) throw notFound(`release ${id}`);
      authorize(c, 'viewer', r.workflow, r.environment);
      const h = await deps.history.read(r.id);
      const release = { id: r.id, workflow: r.workflow, environment: r.environment, name: r.name };
      return c.json({ release, capacity: h?.capacity ?? 0, thinned: h?.thinned ?? 0, ticks: h?.ticks ?? [] }, 200);
    },
  );
  return app;
}
