/**
 * Alerts in (R4.5): `POST /v1/alerts/alertmanager` takes Alertmanager's webhook (payload version 4)
 * with a bearer token of the `alerts` role; `POST /v1/alerts/webhook` takes the generic shape,
 * signed with `RIPCORD_ALERT_WEBHOOK_SECRET` (`X-Ripcord-Signature`, as ripcord signs its own
 * webhooks) or sent with such a token; `GET /v1/alerts` lists what arrived, unmatched ones included.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import type { AppEnv } from '../../http/types.js';
import { parseOrThrow } from '../../validation.js';
import { scopeAllows, type Principal } from '../auth/principal.js';
import type { TokenService } from '../auth/token-service.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../notifications/webhook-signature.js';
import type { Clock } from '../../clock.js';
import {
  alertmanagerPayloadSchema,
  fromAlertmanager,
  fromGeneric,
  genericAlertPayloadSchema,
  type IncomingAlert,
} from './alert-payload.js';
import { MATCH_LABELS } from './alert-match.js';
import type { AlertService } from './alert-service.js';
import type { AlertRecord } from './alert-store.js';

const tags = ['alerts'];
/** The generic webhook's path: outside bearer authentication, since a signature may stand for it. */
export const GENERIC_WEBHOOK_PATH = '/v1/alerts/webhook';

const matchSchema = z.object({ releaseId: z.string(), release: z.string(), gate: z.string() });
const receivedSchema = z
  .object({
    alerts: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.enum(['firing', 'resolved']),
        outcome: z.enum(['matched', 'unmatched']),
        matches: z.array(matchSchema),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'AlertsReceived' });
const alertSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    fingerprint: z.string(),
    name: z.string(),
    status: z.enum(['firing', 'resolved']),
    severity: z.string().nullable(),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    outcome: z.enum(['matched', 'unmatched']),
    matches: z.array(matchSchema),
    reason: z.string().nullable(),
    firstReceivedAt: z.string(),
    lastReceivedAt: z.string(),
    resolvedAt: z.string().nullable(),
    deliveries: z.number().int(),
  })
  .meta({ id: 'Alert' });
const listQuery = z.object({
  outcome: z.enum(['matched', 'unmatched']).optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const view = (a: AlertRecord): z.infer<typeof alertSchema> => ({
  ...a,
  startsAt: a.startsAt.toISOString(),
  endsAt: iso(a.endsAt),
  firstReceivedAt: a.firstReceivedAt.toISOString(),
  lastReceivedAt: a.lastReceivedAt.toISOString(),
  resolvedAt: iso(a.resolvedAt),
});

/**
 * An alert about a workflow the sender's token is not scoped to is kept out of matching: its
 * workflow label is replaced by nothing, so it is recorded as unmatched with that reason.
 */
function scoped(principal: Principal, alerts: IncomingAlert[]): IncomingAlert[] {
  return alerts.map((a) => {
    const workflow = a.labels[MATCH_LABELS.workflow];
    if (workflow === undefined || scopeAllows(principal, workflow)) return a;
    const { [MATCH_LABELS.workflow]: _dropped, ...labels } = a.labels;
    return { ...a, labels: { ...labels, ripcord_out_of_scope: workflow } };
  });
}

function alertInScope(principal: Principal, labels: Record<string, string>): boolean {
  const workflow = labels[MATCH_LABELS.workflow] ?? labels.ripcord_out_of_scope;
  return workflow !== undefined && scopeAllows(principal, workflow, labels[MATCH_LABELS.environment]);
}

/** What the alert routes need. */
interface AlertRouteDeps {
  alerts: AlertService;
  tokens: TokenService;
  clock: Clock;
  webhookSecret: string | undefined;
}

type Router = ReturnType<typeof createRouter>;

/** Routes of the alerts feature. */
export function alertRoutes(deps: AlertRouteDeps): Router {
  const app = createRouter();
  alertmanagerRoute(app, deps);
  genericWebhookRoute(app, deps);
  listRoute(app, deps);
  return app;
}

function alertmanagerRoute(app: Router, deps: AlertRouteDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/alerts/alertmanager',
      operationId: 'receiveAlertmanagerAlerts',
      tags,
      summary: "Alertmanager's webhook (payload version 4): firing alerts breach matching `source: alert` gates",
      request: jsonBody(alertmanagerPayloadSchema),
      responses: {
        200: json(receivedSchema, 'Matched and recorded (unmatched ones too, with the reason)'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = authorize(c, 'alerts');
      const alerts = scoped(principal, fromAlertmanager(c.req.valid('json')));
      return c.json({ alerts: await deps.alerts.receive(alerts, principal.subject) }, 200);
    },
  );
}

/**
 * Documented by hand and routed plainly: the sender is authenticated (token or signature over the
 * raw bytes) before the body is validated, so an unauthenticated delivery learns nothing but 401.
 */
function genericWebhookRoute(app: Router, deps: AlertRouteDeps): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: GENERIC_WEBHOOK_PATH,
    operationId: 'receiveWebhookAlerts',
    tags,
    summary: `Generic alerts (Grafana, Datadog monitors, …): signed with ${SIGNATURE_HEADER}, or an alerts token`,
    security: [{ bearer: [] }, {}],
    request: jsonBody(genericAlertPayloadSchema),
    responses: {
      200: json(receivedSchema, 'Matched and recorded (unmatched ones too, with the reason)'),
      ...errorResponses,
    },
  });
  app.post(GENERIC_WEBHOOK_PATH, async (c) => {
    const { principal, actor } = await webhookSender(c, deps);
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      throw new AppError('malformed_json', 'the request body is not valid JSON');
    }
    const body = parseOrThrow(genericAlertPayloadSchema, raw, 'alert webhook');
    const alerts = principal === null ? fromGeneric(body) : scoped(principal, fromGeneric(body));
    return c.json({ alerts: await deps.alerts.receive(alerts, actor) }, 200);
  });
}

function listRoute(app: Router, deps: AlertRouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/alerts',
      operationId: 'listAlerts',
      tags,
      summary: 'Alerts received, newest first; ?outcome=unmatched lists those no gate took, with the reason',
      request: { query: listQuery },
      responses: { 200: json(z.object({ alerts: z.array(alertSchema) }).meta({ id: 'AlertList' })), ...errorResponses },
    }),
    async (c) => {
      const principal = authorize(c, 'viewer');
      const q = c.req.valid('query');
      const all = await deps.alerts.list({
        ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
        ...(q.status === undefined ? {} : { status: q.status }),
        ...(q.limit === undefined ? {} : { limit: q.limit }),
      });
      // A scoped token sees only alerts labelled with a workflow (and environment) in its scope.
      const list = principal.scope === null ? all : all.filter((a) => alertInScope(principal, a.labels));
      return c.json({ alerts: list.map(view) }, 200);
    },
  );
}

/**
 * Who sent a generic webhook: an `alerts` (or admin) token, else a valid signature over the raw
 * body. Unauthenticated deliveries are refused, never recorded.
 */
async function webhookSender(
  c: Context<AppEnv>,
  deps: { tokens: TokenService; clock: Clock; webhookSecret: string | undefined },
): Promise<{ principal: Principal | null; actor: string }> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer !== undefined) {
    const principal = await deps.tokens.authenticate(bearer);
    if (!principal) throw new AppError('unauthorized', 'unknown or revoked token');
    c.set('principal', principal);
    return { principal: authorize(c, 'alerts'), actor: principal.subject };
  }
  if (deps.webhookSecret === undefined)
    throw new AppError(
      'unauthorized',
      'send an alerts token ("Authorization: Bearer <token>"); signed deliveries need RIPCORD_ALERT_WEBHOOK_SECRET on the server',
    );
  const check = verifyWebhookSignature({
    header: c.req.header(SIGNATURE_HEADER),
    body: await c.req.text(),
    secret: deps.webhookSecret,
    now: deps.clock.now(),
  });
  if (!check.ok) throw new AppError('unauthorized', `the ${SIGNATURE_HEADER} signature is ${check.reason}`);
  return { principal: null, actor: 'signed-webhook' };
}
