/**
 * `GET /v1/changes/stream`: the dashboard's live feed (issue 18) as Server-Sent Events. Bearer auth
 * like every /v1 route: the dashboard reads it with `fetch` (EventSource cannot send a header, and
 * the token must never be in a URL — docs/adr/0008-dashboard.md). Each message lists changed
 * objects the token may see; the page re-reads them through the API. A stream ends after
 * `maxAgeMs` so a revoked token stops receiving; the client reconnects.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { createRouter, errorResponses } from '../../http/router.js';
import { scopeAllows, type Principal } from '../auth/principal.js';
import type { Change, ChangeFeed } from './change-feed.js';

/** Timing of a stream (tests shorten it). */
export interface ChangeStreamOptions {
  heartbeatMs: number;
  maxAgeMs: number;
}

const defaults: ChangeStreamOptions = { heartbeatMs: 15_000, maxAgeMs: 10 * 60_000 };

/**
 * The changes a principal may see: those of workflows in its scope (audit entries are placed by
 * the feed, as `GET /v1/audit` filters them); the audit log's entries of no workflow only unscoped.
 */
export function visibleTo(principal: Principal, changes: readonly Change[]): Change[] {
  return changes.filter((c) =>
    c.workflow === null
      ? c.kind === 'audit' && principal.scope === null
      : scopeAllows(principal, c.workflow, c.environment ?? undefined),
  );
}

/** The SSE route of the change feed. */
export function changeRoutes(feed: ChangeFeed, options: Partial<ChangeStreamOptions> = {}) {
  const { heartbeatMs, maxAgeMs } = { ...defaults, ...options };
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/changes/stream',
      operationId: 'streamChanges',
      tags: ['dashboard'],
      summary:
        'Server-Sent Events: `ready` at once, then `changes` ({ changes: [{ kind, id, workflow, environment, releaseId }] }) as objects the token may see change',
      responses: {
        200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    (c) => {
      const principal = authorize(c, 'viewer');
      const encoder = new TextEncoder();
      let stop = () => undefined as void;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const send = (text: string) => {
            try {
              controller.enqueue(encoder.encode(text));
            } catch {
              stop();
            }
          };
          const end = () => {
            stop();
            try {
              controller.close();
            } catch {
              // already closed by the client
            }
          };
          const unsubscribe = feed.subscribe((changes) => {
            if (changes === null) return end();
            const visible = visibleTo(principal, changes);
            if (visible.length > 0) send(`event: changes\ndata: ${JSON.stringify({ changes: visible })}\n\n`);
          });
          const heartbeat = setInterval(() => send(': keep-alive\n\n'), heartbeatMs);
          const expiry = setTimeout(end, maxAgeMs);
          stop = () => {
            unsubscribe();
            clearInterval(heartbeat);
            clearTimeout(expiry);
          };
          send(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ subject: principal.subject })}\n\n`);
        },
        cancel() {
          stop();
        },
      });
      return new Response(body, {
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
      });
    },
  );
  return app;
}
