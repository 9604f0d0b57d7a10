import type { Role, TokenScope } from './token-store.js';

/** Who is making a request: the subject of the token presented, its role and scope. */
export interface Principal {
  subject: string;
  role: Role;
  tokenId: string;
  scope: TokenScope | null;
}

/** A principal for work ripcord does by itself (timers, automatic decisions). */
export const systemPrincipal: Principal = { subject: 'ripcord', role: 'admin', tokenId: 'system', scope: null };

const rank: Record<Role, number> = { admin: 3, operator: 2, viewer: 1, sdk: 0, alerts: 0, jobs: 0 };

/**
 * True when `role` includes everything `needed` may do. `sdk` and `alerts` are only themselves
 * (and admin's). `jobs` (level 3/4 jobs reporting progress) is only itself too; an operator may
 * also report a job, as a person standing in for its runner.
 */
export function roleAllows(role: Role, needed: Role): boolean {
  if (needed === 'sdk' || needed === 'alerts') return role === needed || role === 'admin';
  if (needed === 'jobs') return role === 'jobs' || role === 'operator' || role === 'admin';
  if (role === 'sdk' || role === 'alerts' || role === 'jobs') return false;
  return rank[role] >= rank[needed];
}

/** True when the principal's scope reaches `workflow` (and `environment` when given). */
export function scopeAllows(principal: Principal, workflow: string, environment?: string): boolean {
  const scope = principal.scope;
  if (!scope) return true;
  if (scope.workflows && !scope.workflows.includes(workflow)) return false;
  if (environment !== undefined && scope.environment !== undefined && scope.environment !== environment) return false;
  return true;
}

/**
 * True when a token with `role` and `scope` reaches nothing beyond `actor`'s own: its role is one
 * the actor's role includes, and its scope is inside the actor's (a scoped actor cannot mint an
 * unscoped token, nor one for a workflow or environment it does not reach).
 */
export function tokenWithin(actor: Principal, role: Role, scope: TokenScope | null | undefined): boolean {
  if (!roleAllows(actor.role, role)) return false;
  const outer = actor.scope;
  if (!outer) return true;
  if (outer.workflows) {
    const inner = scope?.workflows;
    if (!inner || !inner.every((w) => outer.workflows?.includes(w))) return false;
  }
  if (outer.environment !== undefined && scope?.environment !== outer.environment) return false;
  return true;
}
