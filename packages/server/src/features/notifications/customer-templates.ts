/**
 * The five customer message templates of R7.4, word for word from the seed, and the rule for
 * which of them a rollback calls for. The seed's advice is kept: name the visible impact and the
 * temporary user path, say whether the user must act, and never explain provider internals — so
 * the bodies carry no model, provider, prompt or release names; those go in the metadata the
 * support owner reads before sending.
 */
import type { RollbackPlan } from '../releases/planning/rollback-plan.js';
import { redactSecrets } from './redact.js';

/** The templates' ids, in the order they are offered. */
export const customerTemplateIds = [
  'feature-unavailable',
  'review-mode',
  'regeneration-disabled',
  'known-issue',
  'corrected-output',
] as const;

/** One of the five customer templates. */
export type CustomerTemplateId = (typeof customerTemplateIds)[number];

/** `ai.action.mode` values (R3.1). */
export type ActionMode = 'automatic' | 'queued' | 'human-review' | 'draft-only';

/** What users of the workflow saw and see now: the incident, as the templates need it. */
export interface CustomerImpact {
  workflow: string;
  release: string;
  environment?: string;
  /** Segments whose users are affected; absent or empty: everyone using the workflow. */
  segments?: readonly string[];
  /** `ai.action.mode` in force after the rollback. */
  actionMode?: ActionMode;
  /** The AI feature is switched off for the affected users (e.g. `ai.rollout.percent` 0). */
  featureDisabled?: boolean;
  /** Regeneration is switched off for the workflow. */
  regenerationDisabled?: boolean;
  /** Components restored to the previous version (model, modelRoute, prompt, …). */
  restored?: readonly string[];
  /** The candidate's traffic went back to the control. */
  trafficToControl?: boolean;
  /** Responses re-issued after review; more than zero calls for "Corrected output". */
  correctedOutputs?: number;
  /** `false` when nobody saw the bad version (an offline or staff-only stage): no customer message. */
  usersAffected?: boolean;
  /** What the workflow produces, plural, as users name it (default "summaries", as in the seed). */
  outputs?: string;
  /** When users started to see the change, and when it ended (ISO or Date). */
  since?: Date | string;
  until?: Date | string;
}

/** A filled customer message, ready for the support owner to send. */
export interface CustomerMessage {
  id: CustomerTemplateId;
  title: string;
  body: string;
  /** `title: body`, as the seed writes them. */
  text: string;
  /** Who should get it. */
  audience: { workflow: string; environment: string | null; segments: string[] | 'everyone' };
  since: string | null;
  until: string | null;
  /** The seed asks every message to say whether the user must act; none of these needs action. */
  userActionRequired: false;
  /** Why this template applies to this rollback (for the support owner, not the customer). */
  reason: string;
}

const titles: Readonly<Record<CustomerTemplateId, string>> = {
  'feature-unavailable': 'Feature temporarily unavailable',
  'review-mode': 'Review mode enabled',
  'regeneration-disabled': 'Regeneration disabled',
  'known-issue': 'Known workflow issue',
  'corrected-output': 'Corrected output',
};

const bodies: Readonly<Record<CustomerTemplateId, (outputs: string) => string>> = {
  'feature-unavailable': () => 'We paused this AI-assisted workflow while we review recent output quality.',
  'review-mode': () => 'This request will be reviewed before it is sent or applied.',
  'regeneration-disabled': () =>
    'Regeneration is temporarily off for this workflow while we investigate inconsistent responses.',
  'known-issue': (outputs) =>
    `We found an issue affecting AI-generated ${outputs} for this task type and are restoring the prior behavior.`,
  'corrected-output': () => 'The earlier AI-generated response may have been incomplete; here is the reviewed version.',
};

/** Fills one template for an incident (whether or not the rule selects it). */
export function customerMessage(
  id: CustomerTemplateId,
  impact: CustomerImpact,
  reason = 'chosen by hand',
): CustomerMessage {
  const title = titles[id];
  const body = bodies[id](redactSecrets(impact.outputs ?? 'summaries'));
  const segments = impact.segments && impact.segments.length > 0 ? [...impact.segments] : 'everyone';
  return {
    id,
    title,
    body,
    text: `${title}: ${body}`,
    audience: { workflow: impact.workflow, environment: impact.environment ?? null, segments },
    since: iso(impact.since),
    until: iso(impact.until),
    userActionRequired: false,
    reason,
  };
}

/**
 * The messages a rollback calls for, in template order:
 * - nobody affected (`usersAffected: false`) → none;
 * - feature disabled → "Feature temporarily unavailable" (and not review/regeneration: the user
 *   cannot reach the feature at all);
 * - action mode human-review or draft-only → "Review mode enabled";
 * - regeneration switched off → "Regeneration disabled";
 * - a component restored or traffic back on the control → "Known workflow issue";
 * - corrected outputs re-issued → "Corrected output".
 */
export function customerMessagesFor(impact: CustomerImpact): CustomerMessage[] {
  if (impact.usersAffected === false) return [];
  const out: CustomerMessage[] = [];
  const disabled = impact.featureDisabled === true;
  if (disabled)
    out.push(customerMessage('feature-unavailable', impact, 'the AI feature is switched off for these users'));
  if (!disabled && (impact.actionMode === 'human-review' || impact.actionMode === 'draft-only'))
    out.push(customerMessage('review-mode', impact, `automatic actions moved to ${impact.actionMode}`));
  if (!disabled && impact.regenerationDisabled === true)
    out.push(customerMessage('regeneration-disabled', impact, 'regeneration is switched off for this workflow'));
  const restored = impact.restored ?? [];
  if (restored.length > 0 || impact.trafficToControl === true)
    out.push(
      customerMessage(
        'known-issue',
        impact,
        restored.length > 0
          ? `restoring the previous ${restored.join(', ')}`
          : 'traffic returned to the previous version',
      ),
    );
  if ((impact.correctedOutputs ?? 0) > 0)
    out.push(
      customerMessage('corrected-output', impact, `${impact.correctedOutputs} responses re-issued after review`),
    );
  return out;
}

const modeRank: Readonly<Record<ActionMode, number>> = { automatic: 0, queued: 1, 'human-review': 2, 'draft-only': 3 };

/**
 * Reads what users will notice from a rollback plan: the action mode it sets, whether it switches
 * the feature (`ai.rollout.percent` 0) or regeneration (a `*regenerat*` flag set false) off, what it
 * restores, whether traffic goes back to the control, and the segments it is limited to.
 */
export function customerImpactFromPlan(
  plan: RollbackPlan,
  extra: Omit<CustomerImpact, 'workflow' | 'release'> = {},
): CustomerImpact {
  let actionMode: ActionMode | undefined;
  let featureDisabled = false;
  let regenerationDisabled = false;
  let trafficToControl = false;
  const restored: string[] = [];
  const segments = new Set<string>();
  let everyone = false;
  const scope = (limited: readonly string[] | null): void => {
    if (limited === null) everyone = true;
    else for (const segment of limited) segments.add(segment);
  };
  for (const step of plan.steps) {
    if (step.kind === 'set-flag') {
      if (step.flag === 'ai.action.mode' && isActionMode(step.value)) {
        if (actionMode === undefined || modeRank[step.value] > modeRank[actionMode]) actionMode = step.value;
      } else if (step.flag === 'ai.rollout.percent' && step.value === 0) featureDisabled = true;
      else if (/regenerat/i.test(step.flag) && (step.value === false || step.value === 0)) regenerationDisabled = true;
      else continue;
      scope(step.segments);
    } else if (step.kind === 'traffic' && (step.to === 'control' || step.percent === 0)) {
      trafficToControl = true;
      scope(step.segment === null ? null : [step.segment]);
    } else if (step.kind === 'restore' && step.to !== null) {
      restored.push(step.component);
      everyone = true;
    }
  }
  return {
    workflow: plan.workflow,
    release: plan.release,
    ...(actionMode ? { actionMode } : {}),
    ...(featureDisabled ? { featureDisabled } : {}),
    ...(regenerationDisabled ? { regenerationDisabled } : {}),
    ...(restored.length > 0 ? { restored } : {}),
    ...(trafficToControl ? { trafficToControl } : {}),
    ...(!everyone && segments.size > 0 ? { segments: [...segments].sort() } : {}),
    ...extra,
  };
}

function isActionMode(value: unknown): value is ActionMode {
  return typeof value === 'string' && value in modeRank;
}

function iso(value: Date | string | undefined): string | null {
  if (value === undefined) return null;
  return typeof value === 'string' ? value : value.toISOString();
}
