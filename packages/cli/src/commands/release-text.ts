// How releases, plans and readiness read on a terminal: shared by `releases`, `readiness`, `rollback`.
import type { ApiResult, Readiness, Release, RollbackPlan, WorkflowReadiness } from '@ripcord/protocol/api';

/** One step's built-in actuator calls in a dry run. */
type ActuationView = ApiResult<'rollbackDryRun'>['actuations'][number];

/** The stage a release is at: `2/4 canary 5%`. */
export function stageText(r: Release): string {
  if (r.stage < 0) return '-';
  const stage = r.spec.plan[r.stage];
  const kind = (['offline', 'canary', 'promote'] as const).find((k) => stage?.[k] !== undefined) ?? '?';
  const detail = stage?.canary ? ` ${stage.canary.percent}%` : stage?.offline ? ` ${stage.offline.tasks} tasks` : '';
  return `${r.stage + 1}/${r.spec.plan.length} ${kind}${detail}`;
}

/** Prints a rollback plan as a person reads it. */
export function printPlan(out: (s: string) => void, plan: RollbackPlan): void {
  out(`plan: ${plan.status}, ${plan.level}${plan.reason ? ` (${plan.reason})` : ''} — ${plan.estimate.text}`);
  plan.steps.forEach((s, i) => out(`  ${i + 1}. ${s.text}`));
  for (const r of plan.refusals) out(`  refused ${r.level}: ${r.reason}${r.escalatedTo ? ` → ${r.escalatedTo}` : ''}`);
  for (const n of plan.noops) out(`  no-op: ${n.what} (${n.reason})`);
  for (const c of plan.cannotUndo) out(`  cannot undo: ${c.text}`);
  for (const n of plan.notes) out(`  note: ${n}`);
}

/** Prints the exact calls of the plan's built-in actuators, under the steps that make them. */
export function printActuations(out: (s: string) => void, actuations: readonly ActuationView[]): void {
  if (actuations.length === 0) return;
  out('actuator calls (dry run: nothing was changed):');
  for (const a of actuations) {
    out(`  step ${a.step + 1}, ${a.actuator} actuator (${a.kind}): ${a.effect}`);
    if (a.problem) out(`    cannot run as shown: ${a.problem}`);
    for (const c of a.calls) {
      out(`    ${c.purpose.padEnd(9)} ${c.method} ${c.url}`);
      for (const [name, value] of Object.entries(c.headers)) out(`              ${name}: ${value}`);
      if (c.body !== undefined) out(`              ${JSON.stringify(c.body)}`);
    }
  }
}

/** Prints what readiness found: blockers, health checks, signal sources, the plan. */
export function printReadiness(out: (s: string) => void, r: Readiness): void {
  out(r.ready ? 'ready' : 'blocked:');
  for (const b of r.blockers) out(`  - ${b}`);
  for (const c of r.checks) out(`  health ${c.component} ${c.url}: ${c.ok ? 'ok' : 'FAILED'} (${c.detail})`);
  for (const s of r.signals ?? []) {
    const gates = s.gates.length > 0 ? ` · gates ${s.gates.join(', ')}` : '';
    out(`  signal ${s.system} ${s.source}${s.url ? ` ${s.url}` : ''}: ${s.status} — ${s.detail}${gates}`);
  }
  if (r.plan) printPlan(out, r.plan);
}

/** What a rollback of production would return to, or that there is nothing to return to. */
export function printProductionRollback(out: (s: string) => void, r: NonNullable<WorkflowReadiness['rollback']>): void {
  if (r.target === null) return;
  out(`rollback to ${r.target} (${r.targetFrom === 'previous-label' ? 'the previous label' : 'the label history'})`);
}

/** The one line of detail a timeline entry shows: its reason or summary, when it has one. */
export function detailText(details: Record<string, unknown>): string {
  const text = details.reason ?? details.summary;
  return typeof text === 'string' ? `: ${text}` : '';
}
