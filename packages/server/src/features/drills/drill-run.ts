/**
 * One rollback drill (R8.1), start to end: the rollback run the planner makes for the level, driven
 * by the rollback executor with the drill's confined configuration (drill-config.ts) and the drill
 * marker on every actuator call; then the rollback's verification (the drill segment reads the
 * target, the target's health endpoints answer); then the restore (the drill segment back on
 * production, each flag as it was) and its verification. Each step is timed; nothing stops
 * half-way: a failed rollback or verification is still followed by the restore.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../../clock.js';
import type { Transact } from '../../db/transaction.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { Principal } from '../auth/principal.js';
import type { BundleRecord } from '../bundles/registry-store.js';
import type { ConfigService, CurrentConfig } from '../flags/config-service.js';
import { probeAll, type HealthProbe } from '../releases/readiness/readiness.js';
import type { RollbackPlan } from '../releases/planning/rollback-plan.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import { RollbackExecutor, type RunEndStores } from '../rollbacks/rollback-executor.js';
import type { RollbackRun } from '../rollbacks/run-store.js';
import { DrillConfig } from './drill-config.js';
import type { DrillCheck, DrillRecord, DrillStep } from './drill-store.js';

/** The stores drills read and write. */
export interface DrillStores extends Pick<RunEndStores, 'runs' | 'registry'> {
  registry: RegistryStore;
  releases: ReleaseStore;
}

/** What running a drill needs. */
export interface DrillRunDeps {
  /** A transaction over the stores a run's end writes (the executor's; a drill's end writes nothing there). */
  transact: Transact<RunEndStores>;
  stores: DrillStores;
  clock: Clock;
  config: ConfigService;
  probe: HealthProbe;
  secrets?: Readonly<Record<string, string>>;
  actuatorBackoffMs?: number;
}

/** A drill ready to run: its record (status running), the release the executor sees, the plan. */
export interface DrillSetup {
  drill: DrillRecord;
  release: ReleaseRecord;
  plan: RollbackPlan;
  production: BundleRecord;
  target: BundleRecord;
  /** The configuration before the drill (the restore returns to it). */
  before: CurrentConfig;
}

/** Runs the drill and returns its finished record (not yet saved). */
export async function executeDrill(deps: DrillRunDeps, setup: DrillSetup, actor: Principal): Promise<DrillRecord> {
  const { drill, release } = setup;
  const scope = { name: release.name, target: setup.target.version, segment: drill.detail.segment };
  const confined = new DrillConfig(deps.config, scope);
  const executor = new RollbackExecutor({
    transact: deps.transact,
    stores: deps.stores,
    clock: deps.clock,
    config: confined,
    drill: true,
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    ...(deps.actuatorBackoffMs !== undefined ? { actuatorBackoffMs: deps.actuatorBackoffMs } : {}),
  });
  const at = deps.clock.now();
  const fresh = await executor.newRun(release, setup.plan, actor, `drill: ${drill.reason}`, at);
  await deps.stores.runs.insert(fresh);
  const run = await executor.drive(fresh, release, actor, () => Promise.resolve(() => Promise.resolve()));
  const steps: DrillStep[] = run.steps.map((s) => runStep(s, deps.clock));
  let failure = run.status === 'succeeded' ? null : runFailure(run);
  const verification = await timed(deps.clock, steps, 'verify', 'verify the rollback for the drill segment', () =>
    verifyRollback(deps, setup, confined),
  );
  if (!failure && !verification.ok) failure = `the rollback's verification failed: ${verification.failures.join('; ')}`;
  await timed(deps.clock, steps, 'restore', `restore ${drill.detail.segment} to ${setup.production.version}`, () =>
    restore(deps, setup, confined, actor),
  );
  const restoreVerification = await timed(deps.clock, steps, 'verify-restore', 'verify the restore', () =>
    verifyRestore(deps, setup, confined),
  );
  if (!failure && !restoreVerification.ok)
    failure = `the restore's verification failed: ${restoreVerification.failures.join('; ')}`;
  const finishedAt = deps.clock.now();
  return {
    ...drill,
    status: failure ? 'failed' : 'passed',
    runId: run.id,
    finishedAt,
    detail: { ...drill.detail, steps, rollbackMs: runMs(run), verification, restoreVerification, failure },
  };
}

export function runStep(s: RollbackRun['steps'][number], clock: Clock): DrillStep {
  const now = clock.now().toISOString();
  const startedAt = s.startedAt ?? now;
  const finishedAt = s.finishedAt ?? now;
  return {
    phase: 'rollback',
    text: s.text,
    status: s.status === 'done' ? 'done' : s.status === 'failed' ? 'failed' : 'skipped',
    startedAt,
    finishedAt,
    ms: Date.parse(finishedAt) - Date.parse(startedAt),
    ...(s.result || s.error ? { result: s.result ?? s.error } : {}),
  };
}

export function runFailure(run: RollbackRun): string {
  const failed = run.steps.find((s) => s.status === 'failed');
  return failed
    ? `step ${failed.index} (${failed.text}) failed: ${failed.error ?? 'unknown'}`
    : `the run ${run.status}`;
}

/** The rollback part's duration: first step start to last step end. */
export function runMs(run: RollbackRun): number | null {
  const starts = run.steps.flatMap((s) => (s.startedAt ? [Date.parse(s.startedAt)] : []));
  const ends = run.steps.flatMap((s) => (s.finishedAt ? [Date.parse(s.finishedAt)] : []));
  if (run.status !== 'succeeded' || starts.length === 0 || ends.length === 0) return null;
  return Math.max(...ends) - Math.min(...starts);
}

/** Runs one of the drill's own steps (a check, or the restore as a check that passed), timing it. */
export async function timed(
  clock: Clock,
  steps: DrillStep[],
  phase: DrillStep['phase'],
  text: string,
  work: () => Promise<DrillCheck | void>,
): Promise<DrillCheck> {
  const started = clock.now();
  let result: DrillCheck;
  try {
    result = (await work()) ?? { ok: true, checks: [], failures: [] };
  } catch (e) {
    result = { ok: false, checks: [], failures: [e instanceof Error ? e.message : String(e)] };
  }
  const finished = clock.now();
  const detail = result.failures.join('; ');
  steps.push({
    phase,
    text,
    status: result.ok ? 'done' : 'failed',
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    ms: finished.getTime() - started.getTime(),
    ...(detail ? { result: detail } : {}),
  });
  return result;
}

/** After the rollback: the drill segment reads the target bundle (and the steps' flags); the target answers. */
async function verifyRollback(deps: DrillRunDeps, setup: DrillSetup, confined: DrillConfig): Promise<DrillCheck> {
  const { workflow, environment } = setup.drill;
  const segment = setup.drill.detail.segment;
  const now = await deps.config.current(environment, workflow);
  const checks: DrillCheck['checks'] = [];
  const split = now?.config.split;
  const serves =
    split?.release === setup.release.name &&
    split.eligibleSegment === segment &&
    split.percent === 100 &&
    now?.config.bundles.candidate?.version === setup.target.version;
  checks.push({
    what: `configuration: ${segment} served ${setup.target.version}`,
    ok: serves,
    detail: serves ? `revision ${now.revision}` : `split is ${JSON.stringify(split ?? null)}`,
  });
  const everyoneElse = now?.config.bundles.control?.version === setup.production.version;
  checks.push({
    what: `configuration: everyone else still served ${setup.production.version}`,
    ok: everyoneElse,
    detail: `control is ${now?.config.bundles.control?.version ?? 'unset'}`,
  });
  for (const flag of confined.flags) {
    const rules = now?.config.flags[flag]?.rules ?? [];
    const ok = rules.some((r) => r.segment === segment);
    checks.push({
      what: `flag ${flag} set for ${segment}`,
      ok,
      detail: ok ? 'rule present' : 'no rule for the segment',
    });
  }
  for (const c of await probeAll(deps.probe, setup.target.spec))
    checks.push({ what: `${setup.target.version}'s ${c.component} health ${c.url}`, ok: c.ok, detail: c.detail });
  return { ok: checks.every((c) => c.ok), checks, failures: checks.filter((c) => !c.ok).map(failureText) };
}

/** Puts the drill segment back: the drill's split cleared, each flag the run set back as it was. */
async function restore(deps: DrillRunDeps, setup: DrillSetup, confined: DrillConfig, actor: Principal): Promise<void> {
  const target = { environment: setup.drill.environment, workflow: setup.drill.workflow };
  const reason = `drill ${setup.drill.id}: restore`;
  const now = await deps.config.current(target.environment, target.workflow);
  if (now?.config.split?.release === setup.release.name)
    await deps.config.clearSplit(target, actor, reason, { key: `${setup.drill.id}:restore:split` });
  for (const flag of confined.flags) {
    const was = setup.before.config.flags[flag];
    const key = `${setup.drill.id}:restore:${flag}`;
    if (was) await deps.config.setFlag({ ...target, key: flag }, { definition: was }, actor, reason, { key });
    else if (now?.config.flags[flag]) await deps.config.unsetFlag({ ...target, key: flag }, actor, reason);
  }
}

/** After the restore: production serves everyone, no split, every flag as before; production answers. */
async function verifyRestore(deps: DrillRunDeps, setup: DrillSetup, confined: DrillConfig): Promise<DrillCheck> {
  const now = await deps.config.current(setup.drill.environment, setup.drill.workflow);
  const checks: DrillCheck['checks'] = [];
  const control = now?.config.bundles.control?.version;
  checks.push({
    what: `configuration: ${setup.production.version} serves everyone`,
    ok: control === setup.production.version && !now?.config.split,
    detail: now?.config.split ? `a split remains (${now.config.split.release})` : `control is ${control ?? 'unset'}`,
  });
  for (const flag of confined.flags) {
    const ok = isDeepStrictEqual(now?.config.flags[flag], setup.before.config.flags[flag]);
    checks.push({ what: `flag ${flag} as before the drill`, ok, detail: ok ? 'unchanged' : 'differs' });
  }
  for (const c of await probeAll(deps.probe, setup.production.spec))
    checks.push({ what: `${setup.production.version}'s ${c.component} health ${c.url}`, ok: c.ok, detail: c.detail });
  return { ok: checks.every((c) => c.ok), checks, failures: checks.filter((c) => !c.ok).map(failureText) };
}

export function failureText(c: DrillCheck['checks'][number]): string {
  return `${c.what}: ${c.detail}`;
}
