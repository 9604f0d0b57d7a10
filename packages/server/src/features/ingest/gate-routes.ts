import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { AppError, notFound } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { conflictResponse, createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { gateEvaluationSchema, gateEvaluationView as view } from '../gates/engine/gate-evaluation-schema.js';
import { releaseStatusSchema } from '../releases/release-status-schema.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { GateOverrideError } from './gate-override-request.js';
import type { GateSessionService } from './gate-sessions.js';

const tags = ['gates'];
const gatesViewSchema = z
  .object({
    release: z.object({
      id: z.string(),
      workflow: z.string(),
      environment: z.string(),
      name: z.string(),
      status: releaseStatusSchema,
    }),
    live: z
      .boolean()
      .describe('true while the session is live (running); false: read back from its last persisted state'),
    evaluatedAt: z.iso.datetime(),
    alpha: z.number().describe("the release's false-rollback budget"),
    counts: z.object({ passing: z.number(), breached: z.number(), inconclusive: z.number() }),
    applied: z.object({ events: z.number(), ignored: z.number() }),
    gates: z.array(gateEvaluationSchema),
  })
  .meta({ id: 'ReleaseGates' });
const params = z.object({ id: z.string().min(1).max(100) });
const overrideBody = z.strictObject({
  force: z.enum(['breach', 'pass', 'clear']),
  reason: z.string().trim().min(1, 'say why').max(2000),
});

const overrideErrors: Record<Exclude<GateOverrideError, 'not_live'>, ['not_found' | 'validation_failed', string]> = {
  unknown_gate: ['not_found', 'gate'],
  actor_required: ['validation_failed', 'an actor is required'],
  reason_required: ['validation_failed', 'a reason is required'],
};

/** Routes for a release's gates: current evaluations and manual overrides (R4.5). */
export function gateRoutes(deps: {
  sessions: GateSessionService;
  findRelease: (id: string) => Promise<ReleaseRecord | undefined>;
  clock: Clock;
}) {
  const app = createRouter();
  const release = async (id: string) => {
    const r = await deps.findRelease(id);
    if (r === undefined) throw notFound(`release ${id}`);
    return r;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/releases/{id}/gates',
      operationId: 'getReleaseGates',
      tags,
      summary: "A release's gates evaluated now: state, numbers, sentence, severity, criticality",
      request: { params },
      responses: { 200: json(gatesViewSchema), ...errorResponses },
    }),
    async (c) => {
      const r = await release(c.req.valid('param').id);
      authorize(c, 'viewer', r.workflow, r.environment);
      const v = await deps.sessions.view(r.id, deps.clock.now());
      if (v === undefined) throw new AppError('not_found', `release ${r.name} has no gate state: it has not started`);
      const { id, workflow, environment, name, status } = r;
      const e = v.evaluation;
      return c.json(
        {
          release: { id, workflow, environment, name, status },
          live: v.live,
          evaluatedAt: e.evaluatedAt,
          alpha: e.alpha,
          counts: e.counts,
          applied: v.applied,
          gates: e.gates.map(view),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/releases/{id}/gates/{gate}/override',
      operationId: 'overrideGate',
      tags,
      summary: 'Force a gate breached or passing, or clear the override (audited with actor and reason)',
      request: { params: params.extend({ gate: z.string().min(1).max(100) }), ...jsonBody(overrideBody) },
      responses: {
        200: json(gateEvaluationSchema, "The gate's evaluation with the override"),
        ...conflictResponse('The release is not running'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id, gate } = c.req.valid('param');
      const r = await release(id);
      const principal = authorize(c, 'operator', r.workflow, r.environment);
      const body = c.req.valid('json');
      const outcome = await deps.sessions.override(r.id, {
        gate,
        force: body.force,
        reason: body.reason,
        actor: principal.subject,
        at: deps.clock.now(),
      });
      if (outcome.ok) return c.json(view(outcome.evaluation), 200);
      if (outcome.error === 'not_live')
        throw new AppError(
          'conflict',
          `release ${r.name} is ${r.status}: only a running release's gates can be overridden`,
        );
      const [code, what] = overrideErrors[outcome.error];
      throw code === 'not_found' ? notFound(`${what} ${gate} of release ${r.name}`) : new AppError(code, what);
    },
  );
  return app;
}
