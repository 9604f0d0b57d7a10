import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { createRouter, errorResponses, json, jsonBody } from '../../http/router.js';
import { slug } from '../bundles/workflow-schema.js';
import type { TokenService, TokenView } from './token-service.js';

const tags = ['tokens'];
const roleSchema = z.enum(['admin', 'operator', 'viewer', 'sdk', 'alerts', 'jobs']);
const scopeSchema = z.strictObject({ workflows: z.array(slug).min(1).optional(), environment: slug.optional() });
const tokenViewSchema = z
  .object({
    id: z.string(),
    subject: z.string(),
    role: roleSchema,
    scope: scopeSchema.nullable(),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    revokedAt: z.iso.datetime().nullable(),
    revokedBy: z.string().nullable(),
  })
  .meta({ id: 'Token' });

function tokenView(t: TokenView): z.infer<typeof tokenViewSchema> {
  return { ...t, createdAt: t.createdAt.toISOString(), revokedAt: t.revokedAt?.toISOString() ?? null };
}

/** Routes for API tokens (admin only) and `whoami` (anyone). */
export function tokenRoutes(tokens: TokenService) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/whoami',
      operationId: 'getWhoami',
      tags,
      summary: 'Who this token is',
      responses: {
        200: json(
          z
            .object({ subject: z.string(), role: roleSchema, tokenId: z.string(), scope: scopeSchema.nullable() })
            .meta({ id: 'Whoami' }),
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const p = c.get('principal');
      return c.json({ subject: p.subject, role: p.role, tokenId: p.tokenId, scope: p.scope }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tokens',
      operationId: 'listTokens',
      tags,
      summary: 'List tokens (never their secrets)',
      request: { query: z.object({ includeRevoked: z.enum(['true', 'false']).optional() }) },
      responses: { 200: json(z.object({ tokens: z.array(tokenViewSchema) })), ...errorResponses },
    }),
    async (c) => {
      const principal = authorize(c, 'admin');
      const list = await tokens.list(principal, c.req.valid('query').includeRevoked === 'true');
      return c.json({ tokens: list.map(tokenView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/tokens',
      operationId: 'createToken',
      tags,
      summary: 'Create a token; its secret is returned this once',
      request: jsonBody(
        z.strictObject({
          subject: z.string().min(1).max(200),
          role: roleSchema,
          scope: scopeSchema.optional(),
        }),
      ),
      responses: {
        201: json(
          z.object({ token: z.string().describe('the secret: shown this once'), record: tokenViewSchema }),
          'Created',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = authorize(c, 'admin');
      const body = c.req.valid('json');
      const scope = body.scope && {
        ...(body.scope.workflows ? { workflows: body.scope.workflows } : {}),
        ...(body.scope.environment ? { environment: body.scope.environment } : {}),
      };
      const { token, record } = await tokens.create(
        { subject: body.subject, role: body.role, ...(scope ? { scope } : {}) },
        principal,
      );
      return c.json({ token, record: tokenView(record) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/tokens/{id}',
      operationId: 'revokeToken',
      tags,
      summary: 'Revoke a token',
      request: { params: z.object({ id: z.string().min(1).max(64) }) },
      responses: { 200: json(tokenViewSchema, 'The revoked token'), ...errorResponses },
    }),
    async (c) => {
      const principal = authorize(c, 'admin');
      return c.json(tokenView(await tokens.revoke(c.req.valid('param').id, principal)), 200);
    },
  );

  return app;
}
