import { ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { createRouter, errorResponses, json } from '../../http/router.js';
import type { AppEnv } from '../../http/types.js';
import { slug } from '../bundles/workflow-schema.js';
import type { ConfigService } from './config-service.js';
import { configSnapshotSchema } from './config-view-schema.js';
import type { SseHub } from './sse-hub.js';

const tags = ['sdk'];
const streamHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};
const query = z.object({
  environment: slug,
  workflows: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*(,[a-z0-9][a-z0-9-]*)*$/, 'a comma-separated list of workflow names')
    .optional(),
});

/** The workflows a request may see: the requested ones (each within the token's scope) or all in scope. */
function scopedWorkflows(c: Context<AppEnv>, environment: string, requested: string | undefined): string[] | undefined {
  const principal = authorize(c, 'sdk');
  const scope = principal.scope;
  if (scope?.environment !== undefined && scope.environment !== environment) {
    throw new AppError('forbidden', `this token is scoped to the ${scope.environment} environment, not ${environment}`);
  }
  const list = requested?.split(',');
  if (list && scope?.workflows) {
    const outside = list.filter((w) => !scope.workflows!.includes(w));
    if (outside.length > 0) throw new AppError('forbidden', `this token is not scoped to ${outside.join(', ')}`);
  }
  return list ?? scope?.workflows;
}

/** The SDK endpoints: polling with ETag and the SSE stream (docs/sdk-protocol.md §4–5). */
export function sdkRoutes(config: ConfigService, hub: SseHub) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sdk/config',
      operationId: 'getSdkConfig',
      tags,
      summary: 'The configuration snapshot (ETag = revision; If-None-Match gives 304)',
      request: { query },
      responses: {
        200: json(configSnapshotSchema, 'The configuration snapshot'),
        304: { description: 'Not modified' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const workflows = scopedWorkflows(c, q.environment, q.workflows);
      const snapshot = await config.snapshot(q.environment, workflows);
      if (snapshot.revision === 0)
        throw new AppError(
          'not_found',
          `no configuration in the ${q.environment} environment yet: set a production label first`,
        );
      const etag = `"${snapshot.revision}"`;
      c.header('ETag', etag);
      c.header('Cache-Control', 'no-cache');
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      return c.json(snapshot, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sdk/stream',
      operationId: 'streamSdkConfig',
      tags,
      summary: 'Server-Sent Events: a snapshot on connect, then each new revision',
      request: { query },
      responses: {
        200: {
          description:
            'Server-Sent Events: `snapshot` on connect, then `revision` for each new revision; the data of each is a ConfigSnapshot',
          content: { 'text/event-stream': { schema: z.string().describe('an SSE stream (docs/sdk-protocol.md §4)') } },
        },
        ...errorResponses,
      },
    }),
    (c) => {
      const q = c.req.valid('query');
      const workflows = scopedWorkflows(c, q.environment, q.workflows);
      // On the node server, write the stream on the raw response (measured faster for thousands
      // of clients); elsewhere (app.request() in tests) return it as a web stream.
      const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
      if (outgoing instanceof ServerResponse) {
        // The body ends with the connection (HTTP/1.1 allows it; docs/sdk-protocol.md §4), so each
        // message is one plain socket write: no chunk framing, cork and nextTick per client.
        outgoing.removeHeader('transfer-encoding');
        outgoing.removeHeader('content-length');
        outgoing.writeHead(200, { ...streamHeaders, connection: 'close' });
        outgoing.flushHeaders();
        hub.attach(q.environment, workflows, outgoing);
        return RESPONSE_ALREADY_SENT;
      }
      return new Response(hub.open(q.environment, workflows), { status: 200, headers: streamHeaders });
    },
  );

  return app;
}
