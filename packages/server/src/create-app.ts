import type { OpenAPIHono } from '@hono/zod-openapi';
import { createServices, type AppDeps, type Services } from './create-services.js';
import type { AppEnv } from './http/types.js';
import { mountRoutes } from './mount-routes.js';

export type { AppDeps, Services } from './create-services.js';

/**
 * The one composition root: builds stores, services and the HTTP app from its dependencies. The
 * service wiring is create-services.ts; the middleware and routes are mount-routes.ts.
 */
export function createApp(deps: AppDeps): { app: OpenAPIHono<AppEnv>; services: Services } {
  const composition = createServices(deps);
  const app = mountRoutes(deps, composition);
  // The synthetic traffic of chaos runs goes through the real SDK, answered by this app in-process.
  composition.services.chaos.serveWith((request) => app.fetch(request));
  return { app, services: composition.services };
}
