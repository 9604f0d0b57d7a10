/**
 * Roles per workflow (R6.2): a principal holds a role when its token subject is one of the
 * handles the Workflow's `owners` lists for that role. Matching is exact and case-sensitive,
 * because a subject is an identity, not a display name.
 */
import type { WorkflowSpec } from '../../bundles/workflow-schema.js';
import { ownerRoles, type OwnerRole } from '../ticket/release-schema.js';

/** The owners block of a Workflow. */
export type Owners = NonNullable<WorkflowSpec['owners']>;

/**
 * Who counts as on call (R6.1 "any on-call engineer"): the explicit rota `onCall`, the engineering
 * owner, the platform owner, and the incident commander (who runs the incident and may override
 * the plan). A team lead or an approver is on call only when also listed in one of these.
 */
export const ON_CALL_ROLES: readonly OwnerRole[] = ['onCall', 'engineering', 'platform', 'incidentCommander'];

/** The handles that hold `role` (an empty list when the workflow does not declare it). */
export function principalsOf(owners: Owners | undefined, role: OwnerRole): string[] {
  const value = owners?.[role];
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value];
}

/** The handles that hold any of `roles`, without duplicates, in role order. */
export function principalsOfAny(owners: Owners | undefined, roles: readonly OwnerRole[]): string[] {
  return [...new Set(roles.flatMap((r) => principalsOf(owners, r)))];
}

/** Every role `subject` holds for the workflow. */
export function rolesOf(owners: Owners | undefined, subject: string): OwnerRole[] {
  return ownerRoles.filter((role) => principalsOf(owners, role).includes(subject));
}

/** True when `subject` holds one of `roles`. */
export function holdsAny(owners: Owners | undefined, subject: string, roles: readonly OwnerRole[]): boolean {
  return roles.some((role) => principalsOf(owners, role).includes(subject));
}

/** A role or a list of roles, as a release's `authority` writes them, as a list. */
export function asRoleList(value: OwnerRole | readonly OwnerRole[]): OwnerRole[] {
  return typeof value === 'string' ? [value] : [...value];
}
