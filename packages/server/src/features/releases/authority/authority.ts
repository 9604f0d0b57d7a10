/**
 * Authority (R6): may this actor run this plan now, and if not, who must approve? A pure function
 * returning a value — allowed, needs approvals (with who and how many remain), or refused with the
 * reason — never throwing for an expected outcome. The release service records every request,
 * grant, refusal and expiry; this file only decides.
 *
 * - flags: any on-call engineer or a `flipFlags` role; a change that only reduces automation also
 *   the incident commander and the `reduceAutomation` roles (R6.2).
 * - level 1: any on-call engineer. Level 2: the same, and the team lead is notified with a
 *   15-minute acknowledgement deadline (also for levels 3/4, which include a level-2 switch).
 * - level 3: approval of the data engineering lead. Level 4: approvals of the data engineering lead
 *   AND the ML engineering lead, two distinct principals (one person holding both fills one).
 * - automatic (ripcord itself): only within the release's `automatic` list; beyond it the plan
 *   waits for a human approval. Levels 3/4 need their approvals even when listed (R6.1 is not
 *   waivable by a ticket); listing them lets ripcord request the approvals by itself.
 */
import { roleAllows, scopeAllows, type Principal } from '../../auth/principal.js';
import type { WorkflowSpec } from '../../bundles/workflow-schema.js';
import { asRoleList, holdsAny, ON_CALL_ROLES, principalsOfAny, rolesOf, type Owners } from './owner-roles.js';
import type { OwnerRole, ReleaseSpec } from '../ticket/release-schema.js';
import { levelRank, type RollbackLevel } from '../planning/rollback-levels.js';
import type { RollbackPlan } from '../planning/rollback-plan.js';
import { matchDistinct } from '../planning/distinct-match.js';

/** The team lead's acknowledgement deadline after a level-2 (or higher) rollback (R6.1). */
export const TEAM_LEAD_ACK_MS = 15 * 60_000;

/** What authority needs to know about a plan. */
export interface AuthorityAction {
  level: RollbackLevel;
  /** Every level the steps need (checked against the release's `automatic` list). */
  automation: readonly RollbackLevel[];
  /** True when every step only pauses or reduces automation/exposure. */
  reducesAutomationOnly: boolean;
  /** Contradictions in the plan a human must confirm; automatic execution waits for one. */
  conflicts: readonly string[];
}

/** The part of a plan that authority reads. */
export function authorityActionOf(
  plan: Pick<RollbackPlan, 'level' | 'automation' | 'steps' | 'conflicts'>,
): AuthorityAction {
  const reduces = plan.steps.every(
    (s) =>
      s.kind === 'pause' ||
      (s.kind === 'set-flag' && s.reducesAutomation) ||
      (s.kind === 'traffic' && s.level === 'flags'),
  );
  return { level: plan.level, automation: plan.automation, reducesAutomationOnly: reduces, conflicts: plan.conflicts };
}

/** An approval a principal granted (stored by the release service). */
export interface Approval {
  principal: Principal;
  at: string;
}

/** Who asks, for what, with which approvals so far. */
export interface AuthorityRequest {
  workflow: Pick<WorkflowSpec, 'name' | 'owners'>;
  release: Pick<ReleaseSpec, 'environment' | 'automatic' | 'authority'>;
  action: AuthorityAction;
  /** A person (by token), or ripcord acting on a gate by itself. */
  actor: Principal | 'automatic';
  approvals?: readonly Approval[];
  now: Date;
}

/** One approval still needed or given: any one principal holding one of `roles`. */
export interface ApprovalRequirement {
  requirement: 'on-call' | 'flags' | 'reduce-automation' | 'dataEngineeringLead' | 'mlEngineeringLead';
  roles: OwnerRole[];
  /** The handles that may fill it (from the workflow's owners). */
  principals: string[];
}

/** Someone to notify once the plan runs, with the acknowledgement deadline. */
export interface Notification {
  role: 'teamLead';
  principals: string[];
  acknowledgeBy: string;
  reason: string;
}

/** Authority's answer. */
export type AuthorityDecision =
  | {
      outcome: 'allowed';
      actor: string;
      roles: OwnerRole[];
      approvedBy: Grant[];
      notify: Notification[];
      reason: string;
    }
  | {
      outcome: 'needs-approvals';
      actor: string;
      required: ApprovalRequirement[];
      remaining: ApprovalRequirement[];
      approvedBy: Grant[];
      ignored: { subject: string; reason: string }[];
      reason: string;
    }
  | { outcome: 'refused'; actor: string; reason: string };

/** Who filled which requirement. */
export interface Grant {
  subject: string;
  requirement: ApprovalRequirement['requirement'];
}

/** Decides whether `request.actor` may run the plan described by `request.action`. */
export function authorizePlan(request: AuthorityRequest): AuthorityDecision {
  const { actor, workflow, release } = request;
  const owners = workflow.owners;
  const who = actor === 'automatic' ? 'ripcord (automatic)' : actor.subject;
  if (actor !== 'automatic') {
    const tokenProblem = tokenIssue(actor, workflow.name, release.environment);
    if (tokenProblem !== null) return { outcome: 'refused', actor: who, reason: tokenProblem };
  }
  const slots = actor === 'automatic' ? automaticSlots(request) : humanSlots(request, actor.subject);
  if (typeof slots === 'string') return { outcome: 'refused', actor: who, reason: slots };
  const { grants, remaining, ignored } = fill(slots, actor === 'automatic' ? null : actor.subject, request);
  if (remaining.length > 0) {
    const reason = `${describe(request.action)} needs ${remaining.map((r) => r.requirement).join(' and ')} approval${remaining.length > 1 ? 's' : ''}`;
    return { outcome: 'needs-approvals', actor: who, required: slots, remaining, approvedBy: grants, ignored, reason };
  }
  const roles = actor === 'automatic' ? [] : rolesOf(owners, actor.subject);
  const reason = `${who} may run ${describe(request.action)}${grants.length > 0 ? ` with ${grants.map((g) => `${g.subject} (${g.requirement})`).join(', ')}` : ''}`;
  return { outcome: 'allowed', actor: who, roles, approvedBy: grants, notify: notifications(request), reason };
}

/**
 * The incident commander may override the plan (R6.2): replace its steps or raise its level. The
 * overridden plan still passes `authorizePlan`, so level-3/4 approvals cannot be skipped.
 */
export function authorizeOverride(
  request: Pick<AuthorityRequest, 'workflow' | 'release'> & { actor: Principal },
): AuthorityDecision {
  const { actor, workflow, release } = request;
  const tokenProblem = tokenIssue(actor, workflow.name, release.environment);
  if (tokenProblem !== null) return { outcome: 'refused', actor: actor.subject, reason: tokenProblem };
  if (!holdsAny(workflow.owners, actor.subject, ['incidentCommander']))
    return {
      outcome: 'refused',
      actor: actor.subject,
      reason: `only the incident commander of ${workflow.name} may override the plan`,
    };
  const roles = rolesOf(workflow.owners, actor.subject);
  return {
    outcome: 'allowed',
    actor: actor.subject,
    roles,
    approvedBy: [],
    notify: [],
    reason: `${actor.subject} is the incident commander of ${workflow.name}`,
  };
}

function tokenIssue(p: Principal, workflow: string, environment: string): string | null {
  if (!roleAllows(p.role, 'operator')) return `a ${p.role} token cannot act on rollbacks; use an operator token`;
  if (!scopeAllows(p, workflow, environment))
    return `the token of ${p.subject} is not scoped to ${workflow} in ${environment}`;
  return null;
}

function describe(action: AuthorityAction): string {
  if (action.level === 'flags')
    return action.reducesAutomationOnly ? 'a change that only reduces automation' : 'a flag change';
  return `a ${action.level.replace('level', 'level-')} rollback`;
}

function requirement(
  owners: Owners | undefined,
  name: ApprovalRequirement['requirement'],
  roles: OwnerRole[],
): ApprovalRequirement {
  return { requirement: name, roles, principals: principalsOfAny(owners, roles) };
}

/** Roles that may run a flag-level plan (the wider set when it only reduces automation). */
function flagRoles(request: AuthorityRequest): { name: 'flags' | 'reduce-automation'; roles: OwnerRole[] } {
  const flip = [...ON_CALL_ROLES, ...asRoleList(request.release.authority.flipFlags)];
  if (!request.action.reducesAutomationOnly) return { name: 'flags', roles: [...new Set(flip)] };
  return {
    name: 'reduce-automation',
    roles: [
      ...new Set([...flip, 'incidentCommander' as const, ...asRoleList(request.release.authority.reduceAutomation)]),
    ],
  };
}

/** The lead approvals a level needs, whoever initiates it. */
function leadSlots(owners: Owners | undefined, level: RollbackLevel): ApprovalRequirement[] {
  const slots: ApprovalRequirement[] = [];
  if (levelRank(level) >= 3) slots.push(requirement(owners, 'dataEngineeringLead', ['dataEngineeringLead']));
  if (levelRank(level) >= 4) slots.push(requirement(owners, 'mlEngineeringLead', ['mlEngineeringLead']));
  return slots;
}

/** A person may initiate what their roles allow; the result is the approvals still to collect. */
function humanSlots(request: AuthorityRequest, subject: string): ApprovalRequirement[] | string {
  const { owners, name } = request.workflow;
  const level = request.action.level;
  const initiators: OwnerRole[] =
    level === 'flags'
      ? flagRoles(request).roles
      : level === 'level3'
        ? [...ON_CALL_ROLES, 'dataEngineeringLead']
        : level === 'level4'
          ? [...ON_CALL_ROLES, 'dataEngineeringLead', 'mlEngineeringLead']
          : [...ON_CALL_ROLES];
  if (!holdsAny(owners, subject, initiators)) {
    const held = rolesOf(owners, subject);
    return `${subject} ${held.length > 0 ? `holds ${held.join(', ')}` : 'holds no role'} in ${name}; ${describe(request.action)} needs one of ${[...new Set(initiators)].join(', ')}`;
  }
  return leadSlots(owners, level);
}

/** Within the `automatic` list only the lead approvals remain; beyond it a person must approve. */
function automaticSlots(request: AuthorityRequest): ApprovalRequirement[] {
  const owners = request.workflow.owners;
  const { level, automation, conflicts } = request.action;
  const listed = automation.every((l) => request.release.automatic.includes(l));
  const leads = leadSlots(owners, level);
  if (listed && conflicts.length === 0) return leads;
  if (leads.length > 0) return leads;
  if (level === 'flags') {
    const { name, roles } = flagRoles(request);
    return [requirement(owners, name, roles)];
  }
  return [requirement(owners, 'on-call', [...ON_CALL_ROLES])];
}

interface Filled {
  grants: Grant[];
  remaining: ApprovalRequirement[];
  ignored: { subject: string; reason: string }[];
}

/**
 * Fills the requirements with distinct principals: the initiator first, then the approvals. Each
 * principal fills at most one requirement, so one person holding both lead roles counts once.
 */
function fill(slots: ApprovalRequirement[], initiator: string | null, request: AuthorityRequest): Filled {
  const owners = request.workflow.owners;
  const ignored: Filled['ignored'] = [];
  const subjects = initiator === null ? [] : [initiator];
  for (const { principal } of slots.length === 0 ? [] : (request.approvals ?? [])) {
    const problem = tokenIssue(principal, request.workflow.name, request.release.environment);
    if (problem !== null) ignored.push({ subject: principal.subject, reason: problem });
    else if (!slots.some((s) => holdsAny(owners, principal.subject, s.roles)))
      ignored.push({
        subject: principal.subject,
        reason: `holds none of ${[...new Set(slots.flatMap((s) => s.roles))].join(', ')}`,
      });
    else if (!subjects.includes(principal.subject)) subjects.push(principal.subject);
  }
  const bySlot = matchDistinct(slots, subjects, (subject, slot) => holdsAny(owners, subject, slot.roles));
  const grants: Grant[] = [];
  const remaining: ApprovalRequirement[] = [];
  slots.forEach((slot, k) => {
    const subject = subjects[bySlot[k] ?? -1];
    if (subject === undefined) remaining.push(slot);
    else grants.push({ subject, requirement: slot.requirement });
  });
  return { grants, remaining, ignored };
}

/** Level 2 and above switch the whole bundle: the team lead acknowledges within 15 minutes. */
function notifications(request: AuthorityRequest): Notification[] {
  if (levelRank(request.action.level) < 2) return [];
  const acknowledgeBy = new Date(request.now.getTime() + TEAM_LEAD_ACK_MS).toISOString();
  const principals = principalsOfAny(request.workflow.owners, ['teamLead']);
  return [
    {
      role: 'teamLead',
      principals,
      acknowledgeBy,
      reason: `${describe(request.action)} of ${request.workflow.name} ran; acknowledge within 15 minutes`,
    },
  ];
}
