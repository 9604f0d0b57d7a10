import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { AppDeps, Composition } from './create-services.js';
import { applyRoutes } from './features/apply/apply-routes.js';
import { auditRoutes } from './features/audit/audit-routes.js';
import { tokenRoutes } from './features/auth/token-routes.js';
import { bundleRoutes } from './features/bundles/bundle-routes.js';
import { labelRoutes } from './features/bundles/label-routes.js';
import { releaseReferenceRoutes } from './features/releases/release-reference-routes.js';
import { releaseRoutes } from './features/releases/release-routes.js';
import { releaseRollbackRoutes } from './features/releases/release-rollback-routes.js';
import { configRoutes } from './features/flags/config-routes.js';
import { sdkRoutes } from './features/flags/sdk-routes.js';
import { gateRoutes } from './features/ingest/gate-routes.js';
import { ingestRoutes } from './features/ingest/ingest-routes.js';
import { authenticate } from './http/auth.js';
import { createErrorHandler, errorResponse, validationHook } from './http/errors.js';
import { rejectNulCharacters, requestLog, requireJsonBodies } from './http/request-guards.js';
import type { AppEnv } from './http/types.js';
import { rollbackRoutes } from './features/rollbacks/rollback-routes.js';
import { incidentRoutes } from './features/incidents/incident-routes.js';
import { customerMessageRoutes } from './features/incidents/customer-message-routes.js';
import { OperationsService } from './features/operations/operations-service.js';
import { operationsRoutes } from './features/operations/operations-routes.js';
import { OPENAPI_PATH, registerOpenApi } from './http/openapi-document.js';
import { dashboardRoutes } from './features/dashboard/dashboard-routes.js';
import { ofrepRoutes } from './features/ofrep/ofrep-routes.js';
import { drillRoutes } from './features/drills/drill-routes.js';
import { chaosRoutes } from './features/chaos/chaos-routes.js';
import { reportRoutes } from './features/report/report-routes.js';
import { runbookRoutes } from './features/runbook/runbook-routes.js';
import { batchOutputRoutes } from './features/batch-outputs/batch-output-routes.js';
import { forwardToLeader } from './features/replicas/forward.js';

/**
 * The HTTP half of the composition root (create-app.ts): the middleware every request passes
 * (request id, log, body limits, content type, NUL characters, forwarding, authentication), the
 * health and OpenAPI endpoints, and every feature's routes over the services create-services.ts built.
 */
export function mountRoutes(deps: AppDeps, composition: Composition): OpenAPIHono<AppEnv> {
  const { services, executor, reports, batchOutputs, gateHistory } = composition;
  const { stores, leader, tokens, registry, config, releases, machine, incidents, gateSessions, signals, drills } =
    services;
  const { db } = deps.database;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(requestId({ headerName: 'x-request-id' }));
  app.use(requestLog(deps.logger));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: deps.config.bodyLimitBytes,
      onError: (c) =>
        errorResponse(
          c as Context<AppEnv>,
          'payload_too_large',
          `the request body is larger than ${deps.config.bodyLimitBytes} bytes`,
        ),
    }),
  );
  app.use('/v1/*', requireJsonBodies);
  app.use('/v1/*', rejectNulCharacters);
  // A follower hands every acting request to the leader (features/replicas/forward.ts).
  app.use('/v1/*', forwardToLeader(leader, deps.logger));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await db.execute(sql`select 1`);
      return c.json({ status: 'ready', store: deps.database.engine, role: leader.role });
    } catch {
      return errorResponse(c, 'unavailable', 'the store is not reachable');
    }
  });
  registerOpenApi(app);
  app.use('/v1/events', signals.countIngest);
  app.use('/v1/*', authenticate(tokens, { except: [OPENAPI_PATH, ...signals.openPaths] }));
  for (const routes of [
    bundleRoutes(registry),
    labelRoutes(registry),
    applyRoutes(services.apply),
    tokenRoutes(tokens),
    auditRoutes(services.audit, async (id) => {
      const incident = await stores.incidents.get(id);
      return stores.releases.get(incident?.releaseId ?? id);
    }),
    configRoutes(config),
    sdkRoutes(config, services.hub),
    releaseRoutes(releases, machine),
    releaseRollbackRoutes(releases, machine),
    releaseReferenceRoutes(releases, machine),
    incidentRoutes(incidents, (id) => stores.releases.get(id)),
    customerMessageRoutes({ db, stores, clock: deps.clock }),
    rollbackRoutes({ stores, machine, executor }),
    operationsRoutes(new OperationsService({ stores, config, registry, machine })),
    drillRoutes(drills),
    chaosRoutes(services.chaos),
    reportRoutes(reports),
    runbookRoutes({ stores, clock: deps.clock }),
    batchOutputRoutes(batchOutputs),
    ingestRoutes(services.ingest),
    gateRoutes({ sessions: gateSessions, findRelease: (id) => stores.releases.get(id), clock: deps.clock }),
    ...dashboardRoutes({ history: gateHistory, changes: services.changes, stores, machine, ...deps }),
    ...signals.routes(tokens),
  ]) {
    app.route('/', routes);
  }
  app.route('/', ofrepRoutes({ config, tokens, bodyLimitBytes: deps.config.bodyLimitBytes }));
  app.notFound((c) => errorResponse(c, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError(createErrorHandler(deps.logger));
  return app;
}
