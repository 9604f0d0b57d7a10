/**
 * Readiness (R2.3) for any workflow and environment: "how long would a rollback take right now?"
 *
 * With an active release the answer is that release's readiness (readiness.ts). Without one, it is
 * the rollback path of what production serves now: the `production` label's bundle and what a
 * rollback would return to — the `previous` label, else the bundle production served before (the
 * label history) — proven the same way as a release's control (exists, not archived, health
 * endpoints answer, the flag configuration can switch to it, declared actuators have their
 * secrets), with the planner's time estimate at each level that could run.
 */
import { validateSnapshot } from '@ripcord/sdk';
import type { JsonValue } from '@ripcord/protocol';
import type { BundleRecord } from '../../bundles/registry-store.js';
import { notFound } from '../../../errors.js';
import { actuatorBlockers } from '../../rollbacks/actuator-schema.js';
import { declaredReadiness } from '../../rollbacks/actuators/declared-readiness.js';
import {
  checkReadiness,
  probeAll,
  withoutTimings,
  type ProbeResult,
  type Readiness,
  type ReadinessDeps,
} from './readiness.js';
import type { ReleaseSpec } from '../ticket/release-schema.js';
import type { ReleaseStatus } from '../release-store.js';
import { planRollback } from '../planning/rollback-planner.js';
import {
  estimateFor,
  numberedLevel,
  type LevelTiming,
  type RollbackLevel,
  type TimeEstimate,
} from '../planning/rollback-levels.js';
import { drillFindings } from './drill-port.js';
import type { RollbackPlan } from '../planning/rollback-plan.js';
import type { RegistryStore } from '../../bundles/registry-store.js';
import type { ReleaseStore } from '../release-store.js';

/** The stores a workflow's readiness reads. */
export interface WorkflowReadinessStores {
  registry: RegistryStore;
  releases: ReleaseStore;
}

/** A workflow in an environment. */
export interface WorkflowTarget {
  workflow: string;
  environment: string;
}

/** One rollback level of production's rollback path, planned as it would run now. */
export interface LevelReadiness {
  level: RollbackLevel;
  /**
   * `available`: a plan of this level covers the rollback; `refused`: it cannot run (see
   * `reason`); `escalated`: it is unsafe and a higher level would run instead; `no-op`: the two
   * bundles do not differ where this level acts.
   */
  status: 'available' | 'refused' | 'escalated' | 'no-op';
  reason: string | null;
  /** The time a plan of this level takes (rollback-levels.ts defaults until drills measure it). */
  estimate: TimeEstimate;
  steps: string[];
}

/** The rollback path of what production serves, when no release is active. */
export interface ProductionRollback {
  /** The bundle the `production` label points at; `null` when it is unset. */
  production: string | null;
  /** The bundle a rollback would return to; `null` when there is nothing to roll back to. */
  target: string | null;
  /** Where `target` came from. */
  targetFrom: 'previous-label' | 'label-history' | null;
  /** Levels 1–4, each planned as it would run now. */
  levels: LevelReadiness[];
  /** The fastest available level's estimate: how long a rollback would take right now. */
  estimate: TimeEstimate | null;
  /** The command that rolls production back to `target`; `null` when there is nothing to roll back to. */
  command: string | null;
}

/** R2.3 for a workflow in an environment. */
export interface WorkflowReadiness extends Readiness {
  workflow: string;
  environment: string;
  /** The active release the answer is about; `null` when there is none. */
  release: { id: string; name: string; status: ReleaseStatus } | null;
  /** Without an active release: the rollback path of production; `null` with one. */
  rollback: ProductionRollback | null;
}

/**
 * Readiness of `target`: its newest active release's (as `ripcord readiness` always answered), or
 * production's rollback path. Throws not_found for a workflow that does not exist.
 */
export async function checkWorkflowReadiness(deps: ReadinessDeps, target: WorkflowTarget): Promise<WorkflowReadiness> {
  const { stores } = deps;
  const workflow = await stores.registry.getWorkflow(target.workflow);
  if (!workflow) throw notFound(`workflow ${target.workflow}`);
  const active = (await stores.releases.list({ workflow: target.workflow, active: true })).find(
    (r) => r.environment === target.environment,
  );
  if (active) {
    return {
      ...target,
      release: { id: active.id, name: active.name, status: active.status },
      ...(await checkReadiness(deps, active)),
      rollback: null,
    };
  }
  const blockers: string[] = [];
  const warnings: string[] = [];
  const path = await rollbackPath(deps.stores.registry, target);
  const { production, targetBundle } = path;
  let checks: ProbeResult[] = [];
  if (production === null) {
    blockers.push(`production in ${target.environment} serves nothing (no production label): nothing to roll back`);
  } else if (path.target === null) {
    blockers.push(path.nothingReason!);
  } else if (!targetBundle || targetBundle.archivedAt) {
    blockers.push(`the bundle to roll back to, ${path.target}, is missing or archived`);
  } else {
    checks = await probeAll(deps.probe, targetBundle.spec);
    for (const c of checks.filter((x) => !x.ok))
      blockers.push(`${path.target}'s ${c.component} health check ${c.url} failed: ${c.detail}`);
    const config = await flagConfigBlockers(deps, target, production.version, targetBundle);
    blockers.push(...config.blockers);
    warnings.push(...config.warnings);
  }
  blockers.push(...actuatorBlockers(workflow.spec.actuators, (name) => deps.executor.hasActuatorSecret(name)));
  if (production?.bundle && targetBundle)
    blockers.push(
      ...(await declaredReadiness(
        workflow.spec.actuators,
        targetBundle.spec,
        production.bundle.spec,
        deps.executor.actuationDeps(),
      )),
    );
  const standing = deps.drills ? await deps.drills.standing(workflow.spec, target.environment) : undefined;
  // A stale drill: the rollback path is not proven (a blocker where the Workflow enforces drills).
  const found = standing ? drillFindings(workflow.spec, standing, true) : { blockers: [], warnings: [] };
  blockers.push(...found.blockers);
  warnings.push(...found.warnings);
  const levels =
    production?.bundle && targetBundle && !targetBundle.archivedAt
      ? planLevels(target, production.bundle, targetBundle, standing?.timings)
      : [];
  if (production && !production.bundle) blockers.push(`the production bundle ${production.version} is missing`);
  const fastest = levels.find((l) => l.status === 'available');
  if (levels.length > 0 && !fastest) blockers.push(`no rollback level can return production to ${path.target}`);
  return {
    ...target,
    release: null,
    ready: blockers.length === 0,
    blockers,
    warnings,
    checks,
    // Without a release, the health of every source the server is configured with.
    signals: (await deps.signals?.configured()) ?? [],
    plan: null,
    ...(standing ? { drills: withoutTimings(standing) } : {}),
    rollback: {
      production: production?.version ?? null,
      target: path.target,
      targetFrom: path.targetFrom,
      levels,
      estimate: fastest?.estimate ?? null,
      command: path.target === null ? null : rollbackCommand(target),
    },
  };
}

export interface RollbackPath {
  production: { version: string; bundle: BundleRecord | undefined } | null;
  target: string | null;
  targetFrom: ProductionRollback['targetFrom'];
  targetBundle: BundleRecord | undefined;
  /** Why there is nothing to roll back to, when `target` is null. */
  nothingReason: string | null;
}

/**
 * What production serves and what a rollback returns to: the `previous` label, else the label
 * history. Also what `ripcord ops restore-route` restores when no release is in progress.
 */
export async function rollbackPath(
  registry: WorkflowReadinessStores['registry'],
  target: WorkflowTarget,
): Promise<RollbackPath> {
  const [label, previous] = await Promise.all([
    registry.getLabel(target.workflow, target.environment, 'production'),
    registry.getLabel(target.workflow, target.environment, 'previous'),
  ]);
  const none = { target: null, targetFrom: null, targetBundle: undefined };
  if (!label) return { production: null, ...none, nothingReason: null };
  const production = {
    version: label.bundleVersion,
    bundle: await registry.getBundle(target.workflow, label.bundleVersion),
  };
  const serves = `production in ${target.environment} serves ${label.bundleVersion}`;
  let version: string | null;
  let targetFrom: ProductionRollback['targetFrom'];
  if (previous) {
    if (previous.bundleVersion === label.bundleVersion)
      return {
        production,
        ...none,
        nothingReason: `${serves}, which is also the previous label: nothing older to roll back to`,
      };
    version = previous.bundleVersion;
    targetFrom = 'previous-label';
  } else {
    const moves = await registry.labelHistory(target.workflow, {
      environment: target.environment,
      label: 'production',
      limit: 50,
    });
    version = moves.find((m) => m.toVersion === label.bundleVersion)?.fromVersion ?? null;
    targetFrom = 'label-history';
  }
  if (version === null)
    return {
      production,
      ...none,
      nothingReason: `${serves} and nothing to roll back to: no previous label, and the label history shows no bundle production served before ${label.bundleVersion}`,
    };
  return {
    production,
    target: version,
    targetFrom,
    targetBundle: await registry.getBundle(target.workflow, version),
    nothingReason: null,
  };
}

/**
 * Could the flag configuration switch to `to`? The same change a production label move makes
 * (config-service `controlChanged`), checked against the SDK's snapshot rules without publishing.
 */
async function flagConfigBlockers(
  deps: ReadinessDeps,
  target: WorkflowTarget,
  production: string,
  to: BundleRecord,
): Promise<{ blockers: string[]; warnings: string[] }> {
  const blockers: string[] = [];
  const warnings: string[] = [];
  const current = await deps.config.current(target.environment, target.workflow);
  const config = current ? structuredClone(current.config) : { flags: {}, segments: {}, bundles: {} };
  const serving = current?.config.bundles.control?.version;
  if (serving !== production)
    warnings.push(
      `the flag configuration serves ${serving ?? 'no bundle'}, not production's ${production}; a rollback's label move switches it to ${to.version}`,
    );
  if (config.split)
    warnings.push(
      `traffic is split to ${config.bundles.candidate?.version ?? '?'} by release ${config.split.release}, which is no longer active`,
    );
  config.bundles.control = { version: to.version, flags: (to.spec.flags ?? {}) as Record<string, JsonValue> };
  if (config.bundles.candidate?.version === to.version) {
    delete config.bundles.candidate;
    delete config.split;
  }
  const revision = (current?.revision ?? 0) + 1;
  const result = validateSnapshot({
    environment: target.environment,
    revision,
    generatedAt: '',
    workflows: {
      [target.workflow]: { ...config, revision, bundles: { ...config.bundles, control: config.bundles.control } },
    },
  });
  if (!result.ok) {
    const issue = result.issues[0]!;
    blockers.push(
      `the flag configuration could not switch to ${to.version}: ${issue.path.replace(`workflows.${target.workflow}.`, '')}: ${issue.message}`,
    );
  }
  return { blockers, warnings };
}

/**
 * Levels 1–4 of a rollback from production to `to`, each planned by the release planner as the
 * whole-traffic rollback of a finished release whose control is `to` and candidate is production.
 */
function planLevels(
  target: WorkflowTarget,
  production: BundleRecord,
  to: BundleRecord,
  timings?: Partial<Record<RollbackLevel, LevelTiming>>,
): LevelReadiness[] {
  return ([1, 2, 3, 4] as const).map((n) => {
    const level = numberedLevel(n);
    const plan = planRollback({
      release: productionRelease(target, production.version, to.version, n),
      control: to.spec,
      candidate: production.spec,
      breached: [],
      live: { stage: 1, traffic: { percent: 100, segment: null } },
    });
    const status = levelStatus(plan, level);
    // Production has no split: routing "all traffic to control" is the production label's move.
    const steps = plan.steps.map((s) =>
      s.kind === 'traffic'
        ? `move the production label in ${target.environment}: ${production.version} → ${to.version} (the flag configuration serves ${to.version})`
        : s.text,
    );
    return {
      level,
      ...status,
      estimate: estimateFor(level, timings),
      steps: status.status === 'available' ? steps : [],
    };
  });
}

/** `ripcord ops restore-route` moves production to the `previous` label; without one, the label is set by hand. */
function rollbackCommand(target: WorkflowTarget): string {
  // restore-route returns production to this same path's target (operations-service.ts).
  const env = target.environment === 'production' ? '' : ` -e ${target.environment}`;
  return `ripcord ops restore-route ${target.workflow}${env} -r REASON`;
}

function levelStatus(plan: RollbackPlan, level: RollbackLevel): Pick<LevelReadiness, 'status' | 'reason'> {
  const refusal = plan.refusals.find((r) => r.level === level);
  if (plan.status === 'refused') return { status: 'refused', reason: plan.reason };
  if (refusal) return { status: refusal.escalatedTo ? 'escalated' : 'refused', reason: refusal.reason };
  if (plan.status === 'no-op' || plan.steps.every((s) => s.level !== level))
    return {
      status: 'no-op',
      reason: plan.noops.map((n) => n.reason).join('; ') || `nothing of ${level.replace('level', 'level ')} differs`,
    };
  return { status: 'available', reason: null };
}

/** The release the planner sees: production fully on `candidate`, `firstRollback: { level: n }` (drills plan the same). */
export function productionRelease(
  target: WorkflowTarget,
  candidate: string,
  control: string,
  n: 1 | 2 | 3 | 4,
): ReleaseSpec {
  return {
    kind: 'Release',
    ...target,
    name: 'production',
    control,
    candidate,
    plan: [{ canary: { percent: 100, bake: '0s' } }, { promote: {} }],
    gates: [],
    firstRollback: { level: n },
    automatic: [],
    evidence: [],
    authority: { flipFlags: 'onCall', reduceAutomation: 'onCall' },
    cooldown: '72h',
  };
}
