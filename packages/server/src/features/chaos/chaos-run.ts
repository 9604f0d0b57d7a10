/**
 * One chaos run (R8.1), start to end: the drill release's gate session started and its split
 * published for the drill segment only; synthetic traffic through the real SDK until the gates
 * decide (chaos-detect.ts); the rollback planned for that decision, authorised as an automatic
 * rollback under the ticket's authority, and run by the rollback executor confined to the drill
 * segment with the drill marker on every actuator call; its verification; then, whatever
 * happened, the restore and its verification. Times are wall-clock milliseconds.
 */
import { systemPrincipal, type Principal } from '../auth/principal.js';
import { authorityActionOf, authorizePlan } from '../releases/authority/authority.js';
import type { GatePort } from '../releases/machine/gate-port.js';
import type { MachineStores } from '../releases/machine/machine-stores.js';
import { planFor } from '../releases/machine/release-rollback.js';
import type { Decision } from '../releases/machine/decision.js';
import { RollbackExecutor } from '../rollbacks/rollback-executor.js';
import { runFailure, runStep, timed, type DrillRunDeps, type DrillStores } from '../drills/drill-run.js';
import type { DrillCheck, DrillStep } from '../drills/drill-store.js';
import { ChaosConfig } from './chaos-config.js';
import { detect } from './chaos-detect.js';
import type { ChaosSetup } from './chaos-prepare.js';
import type { ChaosDetail, ChaosRecord } from './chaos-store.js';
import { restore, verifyRestore, verifyRollback } from './chaos-verify.js';
import type { SyntheticTraffic } from './synthetic-traffic.js';

/** R8.2's targets: detection within 30 minutes; a verified restore within 5 (level 1) or 15 (level 2) minutes. */
export const MTTD_TARGET_MS = 30 * 60_000;
export const MTTR_TARGET_MS: Readonly<Record<string, number>> = {
  flags: 5 * 60_000,
  level1: 5 * 60_000,
  level2: 15 * 60_000,
};

/** What a chaos run needs besides a drill's dependencies. */
export interface ChaosRunDeps extends DrillRunDeps {
  stores: DrillStores & MachineStores;
  gates: GatePort;
}

/** Runs the chaos check over open synthetic traffic and returns the finished record (not yet saved). */
export async function executeChaos(
  deps: ChaosRunDeps,
  setup: ChaosSetup,
  traffic: SyntheticTraffic,
  actor: Principal,
): Promise<ChaosRecord> {
  const { chaos } = setup;
  const confined = new ChaosConfig(deps.config, { release: chaos.detail.release, segment: chaos.detail.segment });
  const found = await detect(deps, setup, traffic);
  const failures: string[] = [];
  const detail: ChaosDetail = { ...chaos.detail, traffic: found.traffic, gates: found.gates };
  detail.detect = { ms: found.ms, targetMs: MTTD_TARGET_MS, met: found.ms !== null && found.ms <= MTTD_TARGET_MS };
  let runId: string | null = null;
  const steps: DrillStep[] = [];
  if (found.decision === null)
    failures.push(
      `no gate caught ${chaos.fault} within ${found.traffic.requests} synthetic requests (${found.traffic.candidate} on the candidate)`,
    );
  else {
    const d = found.decision;
    detail.decision = { kind: d.kind, gates: d.gates, reasoning: d.reasoning, at: d.decidedAt };
    if (!detail.detect.met) failures.push(`detection took ${found.ms} ms, over the MTTD target of 30 min`);
    if (d.kind !== 'rollback-now') failures.push(`the gates decided ${d.kind}, not rollback-now: ${d.reasoning}`);
    else {
      const decidedAt = performance.now();
      runId = await rollBack(deps, setup, confined, d, steps, detail, failures);
      if (runId !== null && failures.length === 0) {
        const check = await timed(deps.clock, steps, 'verify', `verify the rollback for ${chaos.detail.segment}`, () =>
          verifyRollback(deps, setup, confined, traffic),
        );
        detail.verification = check;
        if (!check.ok) failures.push(`the rollback's verification failed: ${check.failures.join('; ')}`);
        else measureRestore(detail, performance.now() - decidedAt, failures);
      }
    }
  }
  detail.restoreVerification = await restoreAndVerify(deps, setup, confined, steps, actor);
  if (!detail.restoreVerification.ok)
    failures.push(`the restore's verification failed: ${detail.restoreVerification.failures.join('; ')}`);
  return {
    ...chaos,
    status: failures.length === 0 ? 'passed' : 'failed',
    runId,
    finishedAt: deps.clock.now(),
    detail: { ...detail, steps, failures },
  };
}

/** Plans, authorises (as ripcord acting alone) and runs the rollback; answers the run's id, or null. */
async function rollBack(
  deps: ChaosRunDeps,
  setup: ChaosSetup,
  confined: ChaosConfig,
  decision: Decision,
  steps: DrillStep[],
  detail: ChaosDetail,
  failures: string[],
): Promise<string | null> {
  const { release } = setup;
  const plan = await planFor(deps, release, { decision });
  const authority =
    plan.status === 'planned'
      ? authorizePlan({
          workflow: { name: release.workflow, owners: setup.workflow.spec.owners },
          release: release.spec,
          action: authorityActionOf(plan),
          actor: 'automatic',
          now: deps.clock.now(),
        })
      : null;
  const automatic = authority?.outcome === 'allowed';
  detail.rollback = {
    level: plan.status === 'planned' ? plan.level : null,
    plan: plan.status === 'planned' ? plan.steps.map((s) => s.text).join('; ') : `${plan.status}: ${plan.reason ?? ''}`,
    authority: authority?.reason ?? 'no plan to authorise',
    automatic,
  };
  if (plan.status !== 'planned') {
    failures.push(`no rollback to run: the plan is ${plan.status}${plan.reason ? ` (${plan.reason})` : ''}`);
    return null;
  }
  if (!automatic) {
    failures.push(`the automated rollback did not fire within the ticket's authority: ${authority?.reason ?? ''}`);
    return null;
  }
  const executor = new RollbackExecutor({
    transact: deps.transact,
    stores: deps.stores,
    clock: deps.clock,
    config: confined,
    drill: true,
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    ...(deps.actuatorBackoffMs !== undefined ? { actuatorBackoffMs: deps.actuatorBackoffMs } : {}),
  });
  const reason = `chaos ${setup.chaos.id} (${setup.chaos.fault}): ${decision.reasoning}`;
  const fresh = await executor.newRun(release, plan, systemPrincipal, reason, deps.clock.now());
  await deps.stores.runs.insert(fresh);
  const run = await executor.drive(fresh, release, systemPrincipal, () => Promise.resolve(() => Promise.resolve()));
  steps.push(...run.steps.map((s) => runStep(s, deps.clock)));
  if (run.status !== 'succeeded') failures.push(runFailure(run));
  return run.id;
}

/** The restore time against the level's MTTR target. */
function measureRestore(detail: ChaosDetail, ms: number, failures: string[]): void {
  const targetMs = MTTR_TARGET_MS[detail.rollback?.level ?? ''] ?? null;
  const met = targetMs === null || ms <= targetMs;
  detail.restore = { ms, targetMs, met };
  if (!met)
    failures.push(`the verified restore took ${Math.round(ms)} ms, over the ${detail.rollback?.level} MTTR target`);
}

async function restoreAndVerify(
  deps: ChaosRunDeps,
  setup: ChaosSetup,
  confined: ChaosConfig,
  steps: DrillStep[],
  actor: Principal,
): Promise<DrillCheck> {
  const { segment, control } = setup.chaos.detail;
  await timed(deps.clock, steps, 'restore', `restore ${segment} to ${control}`, () =>
    restore(deps, setup, confined.flags, actor),
  );
  return timed(deps.clock, steps, 'verify-restore', 'verify the restore', () => verifyRestore(deps, setup));
}
