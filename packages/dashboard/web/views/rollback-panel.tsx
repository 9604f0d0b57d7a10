/**
 * The rollback it would run now (a dry run), who may run or approve it (R6.1), "roll back now", and
 * a rollback waiting for approval with grant / refuse — all through the same API as the CLI.
 */
import type { JSX } from 'preact';
import { post, seg } from '../api.js';
import type { ApprovalRequirement, Release, RollbackAuthority, RollbackPlan } from '../api-types.js';
import { Badge, Panel, ReasonAction } from '../components.js';
import { Time } from '../format.js';
import type { PendingRollback } from '../release-state.js';
import { canAct, useWho } from '../session.js';

function who(list: readonly ApprovalRequirement[]): string {
  return list
    .map(
      (r) => `${r.requirement} approval from ${r.principals.length > 0 ? r.principals.join(', ') : r.roles.join(', ')}`,
    )
    .join('; and ');
}

/** A plan's steps, refusals, what it cannot undo, and its time estimate. */
export function PlanSteps(props: { plan: RollbackPlan }): JSX.Element {
  const { plan } = props;
  return (
    <div class="plan">
      <p>
        <strong>{plan.level}</strong> · {plan.status}
        {plan.estimate ? ` · ${plan.estimate.text}` : ''}
        {plan.reason === null ? '' : ` · ${plan.reason}`}
      </p>
      <ol>
        {plan.steps.map((s, i) => (
          <li key={i}>{s.text}</li>
        ))}
      </ol>
      {(plan.refusals ?? []).map((r) => (
        <p key={r.level} class="note">
          <span aria-hidden="true">⚠ </span>
          {r.reason}
        </p>
      ))}
      {(plan.cannotUndo ?? []).length > 0 && (
        <>
          <p>A rollback cannot undo (R5.4):</p>
          <ul>
            {(plan.cannotUndo ?? []).map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** What authority says about the plan for the signed-in token, in words. */
function Authority(props: { authority: RollbackAuthority['authority'] }): JSX.Element {
  const a = props.authority;
  if (a.outcome === 'allowed')
    return (
      <p>
        <Badge state="passing" label="you may run it" /> {a.reason}
        {(a.notify ?? []).map((n) => ` · then notifies ${n.principals.join(', ')}: ${n.reason}`)}
      </p>
    );
  if (a.outcome === 'refused')
    return (
      <p>
        <Badge state="breached" label="you may not run it" /> {a.reason}
      </p>
    );
  return (
    <p>
      <Badge state="inconclusive" label="needs approval first" /> It needs {who(a.remaining)}.
    </p>
  );
}

/** The rollback plan and "roll back now". */
export function RollbackPanel(props: { release: Release; authority: RollbackAuthority | undefined; done: () => void }) {
  const me = useWho();
  const { release, authority } = props;
  return (
    <Panel title="The rollback it would run now" id="rollback-plan">
      {authority === undefined ? (
        <p class="muted">Planning…</p>
      ) : (
        <>
          <PlanSteps plan={authority.plan} />
          <Authority authority={authority.authority} />
          {canAct(me, release.workflow, release.environment) && (
            <ReasonAction
              label="Roll back now"
              danger
              run={(reason) => post(`/v1/releases/${seg(release.id)}/rollback`, { reason })}
              done={props.done}
            >
              <p>
                This runs the plan above ({authority.plan.level}, {authority.plan.steps.length} steps)
                {authority.authority.outcome === 'needs-approvals'
                  ? `; it will wait for ${who(authority.authority.remaining)}`
                  : ''}
                .
              </p>
            </ReasonAction>
          )}
        </>
      )}
    </Panel>
  );
}

/** A rollback waiting for approval: who may give it, and grant / refuse. */
export function PendingPanel(props: {
  release: Release;
  pending: PendingRollback;
  authority: RollbackAuthority | undefined;
  done: () => void;
}): JSX.Element {
  const me = useWho();
  const { release, pending, authority } = props;
  const path = `/v1/releases/${seg(release.id)}/approvals`;
  const known = (authority?.approvers ?? []).filter((a) => pending.remaining.includes(a.requirement));
  const needs =
    known.length > 0 ? who(known) : pending.remaining.map((r) => `${r} approval`).join(' and ') || 'approval';
  return (
    <section class="panel pending" id="pending-rollback" aria-labelledby="pending-h" role="region">
      <h2 id="pending-h">
        <span aria-hidden="true">⚠ </span>A {pending.level} rollback is waiting for approval
      </h2>
      <p>
        Asked for by {pending.requestedBy ?? 'someone'} at <Time iso={pending.at} />; it needs {needs}. The request
        expires <Time iso={pending.expiresAt} />.
      </p>
      {authority !== undefined && <PlanSteps plan={authority.plan} />}
      {canAct(me, release.workflow, release.environment) ? (
        <div class="row">
          <ReasonAction
            label="Approve rollback"
            danger
            run={(reason) => post(path, { verdict: 'grant', reason })}
            done={props.done}
          />
          <ReasonAction
            label="Deny rollback"
            run={(reason) => post(path, { verdict: 'refuse', reason })}
            done={props.done}
          />
        </div>
      ) : (
        <p class="muted">Your token cannot approve: it is read-only or not scoped to this workflow.</p>
      )}
    </section>
  );
}
