import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { errorResponse } from '../../http/errors.js';
import { createRouter, errorBodySchema, errorResponses, json } from '../../http/router.js';
import { MAX_BATCH_EVENTS } from './batch-parse.js';
import { ingestEventSchema } from './event-schema.js';
import { summaryEventSchema } from './summary-schema.js';
import type { IngestService } from './ingest-service.js';

const rejectionSchema = z.object({
  index: z.number().int(),
  code: z.enum(['malformed_json', 'invalid_event', 'out_of_scope', 'future_timestamp']),
  message: z.string(),
});
const resultSchema = z
  .object({
    accepted: z.number().int(),
    rejected: z.array(rejectionSchema),
    duplicates: z.number().int(),
    unattributed: z.number().int(),
  })
  .meta({ id: 'IngestResult' });

/**
 * `POST /v1/events` (docs/sdk-protocol.md §6, docs/ingest.md). The body is read and validated per
 * event by the service, not by a route schema: one bad event must not refuse the whole batch.
 * The OpenAPI entry is registered by hand for the same reason.
 */
export function ingestRoutes(ingest: IngestService) {
  const app = createRouter();
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/events',
    operationId: 'ingestEvents',
    tags: ['ingest'],
    summary: `Outcome events and edge summaries: a JSON array or NDJSON of at most ${MAX_BATCH_EVENTS}; 202 once stored`,
    request: {
      headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.array(z.union([ingestEventSchema, summaryEventSchema])).max(MAX_BATCH_EVENTS),
          },
          'application/x-ndjson': { schema: z.string() },
        },
      },
    },
    responses: {
      202: json(resultSchema, 'Stored (rejected events listed); a retried Idempotency-Key gets the same body'),
      413: json(errorBodySchema, 'More than 1,000 events or 1 MiB'),
      429: json(errorBodySchema, 'Behind: retry after Retry-After seconds'),
      503: json(errorBodySchema, 'Taken but not stored in time: retry with the same Idempotency-Key'),
      ...errorResponses,
    },
  });

  app.post('/v1/events', async (c) => {
    const principal = c.get('principal');
    // SDK tokens report for their own scope; people may send events too (replays, tests).
    if (principal.role !== 'sdk') authorize(c, 'operator');
    const type = c.req.header('content-type') ?? '';
    const outcome = await ingest.ingest({
      principal,
      idempotencyKey: c.req.header('idempotency-key'),
      body: await c.req.text(),
      format: /^application\/x-ndjson\b/i.test(type) ? 'ndjson' : 'json',
    });
    if (outcome.kind === 'accepted') {
      if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(outcome.body, 202);
    }
    if (outcome.retryAfterSeconds !== undefined) c.header('Retry-After', String(outcome.retryAfterSeconds));
    return errorResponse(c, outcome.code, outcome.message, outcome.details);
  });
  return app;
}
