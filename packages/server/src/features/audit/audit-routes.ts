import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { authorize } from '../../http/auth.js';
import { createRouter, errorResponses, json } from '../../http/router.js';
import type { AuditService } from './audit-service.js';
import { visibleEntries, type ReleaseOfSubject } from './audit-scope.js';

const tags = ['audit'];
const entrySchema = z
  .object({
    seq: z.number(),
    at: z.iso.datetime(),
    actor: z.string(),
    action: z.string(),
    subject: z.string(),
    details: z.record(z.string(), z.unknown()).describe("the action's facts; their fields depend on `action` (open)"),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

/**
 * Routes for the audit log (R7.3). A scoped token lists only its workflows' entries (`releaseOf`
 * places release and incident ids); a page may then hold fewer than `limit` entries.
 */
export function auditRoutes(audit: AuditService, releaseOf: ReleaseOfSubject = () => Promise.resolve(undefined)) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit',
      operationId: 'listAuditEntries',
      tags,
      summary: 'Audit entries, oldest first',
      request: {
        query: z.object({
          since: z.iso.datetime({ offset: true }).optional(),
          afterSeq: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(5000).optional(),
        }),
      },
      responses: { 200: json(z.object({ entries: z.array(entrySchema) })), ...errorResponses },
    }),
    async (c) => {
      const principal = authorize(c, 'viewer');
      const q = c.req.valid('query');
      const all = await audit.list({
        ...(q.since ? { since: new Date(q.since) } : {}),
        ...(q.afterSeq !== undefined ? { afterSeq: q.afterSeq } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      });
      const entries = await visibleEntries(principal, all, releaseOf);
      return c.json({ entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit/verify',
      operationId: 'verifyAuditChain',
      tags,
      summary:
        'Check the hash chain: detects edited, inserted or deleted entries (also the newest). Unscoped tokens only',
      request: {
        query: z.object({
          anchorSeq: z.coerce
            .number()
            .int()
            .min(1)
            .optional()
            .describe('with anchorHash: an external copy of an earlier answer (entries, headHash)'),
          anchorHash: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional(),
        }),
      },
      responses: {
        200: json(
          z.object({
            ok: z.boolean(),
            entries: z.number(),
            headHash: z.string(),
            firstBad: z
              .object({
                seq: z.number(),
                problem: z.enum(['edited', 'inserted-or-deleted', 'broken-link', 'deleted-at-tail', 'anchor-mismatch']),
              })
              .optional(),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = authorize(c, 'viewer');
      // One chain links every workflow's entries: checking it reads them all, and its answer
      // (count, head hash) describes them all, so it is for unscoped tokens (docs/api.md).
      if (principal.scope !== null)
        throw new AppError(
          'forbidden',
          `verifying the audit chain reads every workflow's entries; the token of ${principal.subject} is scoped (use an unscoped viewer token)`,
        );
      const q = c.req.valid('query');
      if ((q.anchorSeq === undefined) !== (q.anchorHash === undefined))
        throw new AppError('validation_failed', 'anchorSeq and anchorHash go together', [
          { path: 'anchorSeq', message: 'give both or neither' },
        ]);
      const external = q.anchorSeq !== undefined && q.anchorHash ? { seq: q.anchorSeq, hash: q.anchorHash } : undefined;
      return c.json(await audit.verify(external), 200);
    },
  );

  return app;
}
