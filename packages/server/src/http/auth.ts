import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';
import { roleAllows, scopeAllows } from '../features/auth/principal.js';
import type { TokenService } from '../features/auth/token-service.js';
import type { Role } from '../features/auth/token-store.js';
import type { AppEnv } from './types.js';

/** Requires a valid bearer token and puts its principal on the context. */
export function authenticate(tokens: TokenService, options: { except?: string[] } = {}): MiddlewareHandler<AppEnv> {
  const open = new Set(options.except ?? []);
  return async (c, next) => {
    if (open.has(c.req.path)) return next();
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new AppError('unauthorized', 'authentication required: send "Authorization: Bearer <token>"');
    }
    const principal = await tokens.authenticate(match[1]);
    if (!principal) throw new AppError('unauthorized', 'unknown or revoked token');
    c.set('principal', principal);
    await next();
  };
}

/** Throws 403 unless the caller's role (and scope, for a workflow) allows the action. */
export function authorize(c: Context<AppEnv>, needed: Role, workflow?: string, environment?: string) {
  const principal = c.get('principal');
  if (!roleAllows(principal.role, needed)) {
    throw new AppError(
      'forbidden',
      `this needs the ${needed} role; the token of ${principal.subject} has ${principal.role}`,
    );
  }
  if (workflow !== undefined && !scopeAllows(principal, workflow, environment)) {
    throw new AppError(
      'forbidden',
      `the token of ${principal.subject} is not scoped to ${workflow}${environment ? ` in ${environment}` : ''}`,
    );
  }
  return principal;
}
