/**
 * Serves the web dashboard (issue 18) on the API's port: `/ui/assets/<file>` from the in-memory
 * build (`@ripcord/dashboard`), and the page itself for `/ui/` and every deep link under it. No
 * token is needed to load the page; everything it shows comes from /v1 with the signed-in token.
 * A strict Content-Security-Policy keeps the page to its own scripts and this origin.
 */
import { Hono, type Context } from 'hono';
import { dashboardAssets, type DashboardAsset, type DashboardAssets } from '@ripcord/dashboard';
import { errorResponse } from '../../http/errors.js';
import type { AppEnv } from '../../http/types.js';
import type { Logger } from '../../logger.js';

const csp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function send(c: Context<AppEnv>, file: DashboardAsset, cache: string): Response {
  const headers = {
    'content-type': file.contentType,
    etag: file.etag,
    'cache-control': cache,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (c.req.header('if-none-match') === file.etag) return new Response(null, { status: 304, headers });
  return new Response(file.body, { status: 200, headers });
}

/** The dashboard's routes; `/` redirects to it. */
export function uiRoutes(logger: Logger) {
  const app = new Hono<AppEnv>();
  const withAssets =
    (handler: (c: Context<AppEnv>, assets: DashboardAssets) => Response) =>
    async (c: Context<AppEnv>): Promise<Response> => {
      let assets: DashboardAssets;
      try {
        assets = await dashboardAssets();
      } catch (err) {
        logger.error({ err }, 'the dashboard could not be built');
        return errorResponse(c, 'internal', 'the dashboard could not be built: see the server log');
      }
      return handler(c, assets);
    };
  app.get('/', (c) => c.redirect('/ui/', 302));
  app.get('/ui', (c) => c.redirect('/ui/', 301));
  app.get(
    '/ui/assets/:name',
    withAssets((c, assets) => {
      const name = c.req.param('name') ?? '';
      const file = name === 'index.html' ? undefined : assets.files.get(name);
      return file === undefined
        ? errorResponse(c, 'not_found', `no dashboard file ${name}`)
        : send(c, file, 'no-cache');
    }),
  );
  app.get(
    '/ui/*',
    withAssets((c, assets) => send(c, assets.index, 'no-cache')),
  );
  return app;
}
