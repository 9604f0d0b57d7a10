/**
 * A chaos run's own checks (R8.1): after the rollback, the drill segment no longer reaches the
 * candidate — in the server's configuration and in what the synthetic SDK client routes — and the
 * control's health endpoints answer; then the restore puts the segment back and checks that the
 * configuration is exactly as before the run.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Principal } from '../auth/principal.js';
import { probeAll } from '../releases/readiness/readiness.js';
import type { DrillRunDeps } from '../drills/drill-run.js';
import type { DrillCheck } from '../drills/drill-store.js';
import { failureText } from '../drills/drill-run.js';
import type { ChaosConfig } from './chaos-config.js';
import type { ChaosSetup } from './chaos-prepare.js';
import type { SyntheticTraffic } from './synthetic-traffic.js';

/** Segment requests the SDK routes to check the rollback reached it. */
const PROBES = 200;

type Checks = DrillCheck['checks'];

function result(checks: Checks): DrillCheck {
  return { ok: checks.every((c) => c.ok), checks, failures: checks.filter((c) => !c.ok).map(failureText) };
}

/** After the rollback: the segment is back on the control, in the server and in the SDK; the control answers. */
export async function verifyRollback(
  deps: DrillRunDeps,
  setup: ChaosSetup,
  confined: ChaosConfig,
  traffic: SyntheticTraffic,
): Promise<DrillCheck> {
  const { workflow, environment, detail } = setup.chaos;
  const now = await deps.config.current(environment, workflow);
  const checks: Checks = [];
  const split = now?.config.split;
  checks.push({
    what: `configuration: the chaos split ${detail.release} has ended`,
    ok: split?.release !== detail.release,
    detail: split
      ? `split is ${split.release} (${split.percent} % of ${split.eligibleSegment ?? 'everyone'})`
      : 'no split',
  });
  checks.push({
    what: `configuration: ${detail.control} serves everyone`,
    ok: now?.config.bundles.control?.version === detail.control,
    detail: `control is ${now?.config.bundles.control?.version ?? 'unset'}`,
  });
  for (const flag of confined.flags) {
    const ok = (now?.config.flags[flag]?.rules ?? []).some((r) => r.segment === detail.segment);
    checks.push({
      what: `flag ${flag} set for ${detail.segment}`,
      ok,
      detail: ok ? 'rule present' : 'no rule for the segment',
    });
  }
  const reached = now ? await traffic.reach(now.revision) : false;
  checks.push({
    what: `SDK: the synthetic client serves revision ${now?.revision ?? '?'}`,
    ok: reached,
    detail: `it serves ${traffic.revision ?? 'nothing'}`,
  });
  const probe = traffic.probeSegment(PROBES);
  checks.push({
    what: `SDK: ${PROBES} requests of ${detail.segment} routed to ${detail.control}, none to the candidate`,
    ok: probe.candidate === 0 && probe.bundles.every((b) => b === detail.control),
    detail: `${probe.candidate} on the candidate; bundles ${probe.bundles.join(', ') || 'none'}`,
  });
  for (const c of await probeAll(deps.probe, setup.control.spec))
    checks.push({ what: `${setup.control.version}'s ${c.component} health ${c.url}`, ok: c.ok, detail: c.detail });
  return result(checks);
}

/** Puts the drill segment back: the chaos split ended if still there, each flag the run set back as it was. */
export async function restore(
  deps: DrillRunDeps,
  setup: ChaosSetup,
  flags: ReadonlySet<string>,
  actor: Principal,
): Promise<void> {
  const { id, workflow, environment, detail } = setup.chaos;
  const target = { environment, workflow };
  const reason = `chaos ${id}: restore`;
  const now = await deps.config.current(environment, workflow);
  if (now?.config.split?.release === detail.release)
    await deps.config.clearSplit(target, actor, reason, { key: `${id}:restore:split` });
  for (const flag of flags) {
    const was = setup.before.config.flags[flag];
    const key = `${id}:restore:${flag}`;
    if (was) await deps.config.setFlag({ ...target, key: flag }, { definition: was }, actor, reason, { key });
    else if (now?.config.flags[flag]) await deps.config.unsetFlag({ ...target, key: flag }, actor, reason);
  }
}

/** After the restore: production serves everyone, no split, every flag and segment as before; it answers. */
export async function verifyRestore(deps: DrillRunDeps, setup: ChaosSetup): Promise<DrillCheck> {
  const { workflow, environment } = setup.chaos;
  const now = await deps.config.current(environment, workflow);
  const checks: Checks = [];
  const control = now?.config.bundles.control?.version;
  checks.push({
    what: `configuration: ${setup.control.version} serves everyone`,
    ok: control === setup.control.version && !now?.config.split,
    detail: now?.config.split ? `a split remains (${now.config.split.release})` : `control is ${control ?? 'unset'}`,
  });
  const flagsOk = isDeepStrictEqual(now?.config.flags, setup.before.config.flags);
  checks.push({ what: 'flags as before the run', ok: flagsOk, detail: flagsOk ? 'unchanged' : 'differ' });
  const segmentsOk = isDeepStrictEqual(now?.config.segments, setup.before.config.segments);
  checks.push({ what: 'segments as before the run', ok: segmentsOk, detail: segmentsOk ? 'unchanged' : 'differ' });
  for (const c of await probeAll(deps.probe, setup.control.spec))
    checks.push({ what: `${setup.control.version}'s ${c.component} health ${c.url}`, ok: c.ok, detail: c.detail });
  return result(checks);
}
