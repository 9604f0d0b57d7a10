import type { BundleSpec, Components } from '../../bundles/bundle-schema.js';
import type { ConfigService } from '../../flags/config-service.js';
import { actuatorBlockers } from '../../rollbacks/actuator-schema.js';
import { declaredReadiness } from '../../rollbacks/actuators/declared-readiness.js';
import type { RollbackExecutor } from '../../rollbacks/rollback-executor.js';
import { firstExposureIsLimited } from '../ticket/release-model.js';
import { planReadiness } from '../planning/rollback-planner.js';
import type { RollbackPlan } from '../planning/rollback-plan.js';
import type { ReleaseRecord } from '../release-store.js';
import { drillFindings, type DrillPort, type DrillStanding } from './drill-port.js';
import type { RegistryStore } from '../../bundles/registry-store.js';
import type { ReleaseStore } from '../release-store.js';
import type { IncidentStore } from '../../incidents/incident-store.js';

/** The stores readiness reads. */
export interface ReadinessStores {
  registry: RegistryStore;
  releases: ReleaseStore;
  incidents: IncidentStore;
}

/** The answer of one health endpoint. */
export interface ProbeResult {
  url: string;
  component: string;
  ok: boolean;
  detail: string;
}

/** Probes one health URL; injectable so tests and simulations need no network. */
export type HealthProbe = (url: string) => Promise<{ ok: boolean; detail: string }>;

/** The default probe: GET with a 2 s timeout; any 2xx is healthy. */
export const httpProbe: HealthProbe = async (url) => {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return { ok: res.ok, detail: `HTTP ${res.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { ok: false, detail: `unreachable (${cause})` };
  }
};

/** The health of one signal source a release's gates read (R4.5): a named query source, or the alert webhooks. */
export interface SignalSourceHealth {
  /** The source's name in the server's settings, or `alerts`. */
  source: string;
  system: 'prometheus' | 'datadog' | 'alert';
  url: string | null;
  status: 'ok' | 'failing' | 'not-configured';
  detail: string;
  /** The gates that read it. */
  gates: string[];
}

/** Signal sources' health and what it means for starting a release. */
export interface SignalReadiness {
  sources: SignalSourceHealth[];
  blockers: string[];
  warnings: string[];
}

/** Checks signal sources (features/signals implements it); absent when the server has none wired. */
export interface SignalReadinessPort {
  forRelease(release: ReleaseRecord): Promise<SignalReadiness>;
  configured(): Promise<SignalSourceHealth[]>;
}

/** Readiness of a release (R2.3): blocked with reasons, or ready, with the rollback it would run. */
export interface Readiness {
  ready: boolean;
  blockers: string[];
  warnings: string[];
  checks: ProbeResult[];
  /** Each signal source the release's gates read: configured, answering, its queries valid (R4.5). */
  signals: SignalSourceHealth[];
  /** The first rollback as it would run now, with its time estimate ("how long would a rollback take?"). */
  plan: RollbackPlan | null;
  /** Where the workflow stands with its rollback drills (absent when the drills feature is not wired). */
  drills?: Omit<DrillStanding, 'timings'>;
}

/** Every health URL a bundle declares, by component. */
export function healthUrls(components: Components): { component: string; url: string }[] {
  const out: { component: string; url: string }[] = [];
  for (const [component, value] of Object.entries(components) as [string, { healthCheck?: string } | undefined][]) {
    if (value?.healthCheck) out.push({ component, url: value.healthCheck });
  }
  return out;
}

/** What readiness reads: the stores, the flag configuration, the health probe, the actuator secrets. */
export interface ReadinessDeps {
  stores: ReadinessStores;
  config: ConfigService;
  probe: HealthProbe;
  executor: Pick<RollbackExecutor, 'hasActuatorSecret' | 'actuationDeps'>;
  signals?: SignalReadinessPort;
  /** Drill standings (features/drills): stale drills, R2.4, measured rollback times. */
  drills?: DrillPort;
}

/**
 * Proves the rollback path before a release starts: the control bundle exists and is what
 * production serves, its health endpoints answer, the flag configuration can switch back to it,
 * no other release of the workflow is running in the environment, and every declared actuator
 * has its signing secret on the server.
 */
export async function checkReadiness(deps: ReadinessDeps, release: ReleaseRecord): Promise<Readiness> {
  const { stores } = deps;
  const spec = release.spec;
  const blockers: string[] = [];
  const warnings: string[] = [];
  const [control, candidate, label] = await Promise.all([
    stores.registry.getBundle(spec.workflow, spec.control),
    stores.registry.getBundle(spec.workflow, spec.candidate),
    stores.registry.getLabel(spec.workflow, spec.environment, 'production'),
  ]);
  if (!control || control.archivedAt) blockers.push(`the control bundle ${spec.control} is missing or archived`);
  if (!candidate || candidate.archivedAt)
    blockers.push(`the candidate bundle ${spec.candidate} is missing or archived`);
  if (label?.bundleVersion !== spec.control) {
    blockers.push(
      `production in ${spec.environment} serves ${label?.bundleVersion ?? 'nothing'}, not the control ${spec.control}: set the production label first`,
    );
  }
  const current = await deps.config.current(spec.environment, spec.workflow);
  if (current?.config.bundles.control?.version !== spec.control) {
    blockers.push(
      `the flag configuration does not serve ${spec.control} yet, so traffic could not be switched back to it`,
    );
  } else if (current.config.split) {
    blockers.push(
      `traffic is already split to ${current.config.bundles.candidate?.version ?? '?'} by release ${current.config.split.release}`,
    );
  }
  const others = (await stores.releases.list({ workflow: spec.workflow, active: true })).filter(
    (r) => r.id !== release.id && r.environment === spec.environment && r.status !== 'pending',
  );
  for (const other of others)
    blockers.push(`release ${other.name} of ${spec.workflow} is ${other.status} in ${spec.environment}`);
  blockers.push(...(await verificationBlockers(stores, spec.workflow, spec.environment, release.id)));
  const workflow = await stores.registry.getWorkflow(spec.workflow);
  blockers.push(...actuatorBlockers(workflow?.spec.actuators, (name) => deps.executor.hasActuatorSecret(name)));
  if (control && candidate)
    blockers.push(
      ...(await declaredReadiness(
        workflow?.spec.actuators,
        control.spec,
        candidate.spec,
        deps.executor.actuationDeps(),
      )),
    );
  const checks = control ? await probeAll(deps.probe, control.spec) : [];
  for (const c of checks.filter((x) => !x.ok))
    blockers.push(`the control's ${c.component} health check ${c.url} failed: ${c.detail}`);
  const standing = workflow && deps.drills ? await deps.drills.standing(workflow.spec, spec.environment) : undefined;
  if (standing) {
    const found = drillFindings(workflow!.spec, standing, firstExposureIsLimited(spec));
    blockers.push(...found.blockers);
    warnings.push(...found.warnings);
  } else if (!firstExposureIsLimited(spec)) {
    warnings.push(
      'the first live stage exceeds 1 % without a segment: R2.4 keeps a change behind a staff-only segment or a 1 % canary until its rollback drill passes; no drills are wired here, so this is a warning, not a blocker, and the release may start',
    );
  }
  const plan = planReadiness({
    release: spec,
    control: (control ?? candidate)!.spec,
    candidate: (candidate ?? control)!.spec,
    live: { stage: Math.max(release.stage, 0) },
    ...(standing ? { timings: standing.timings } : {}),
  });
  if (plan.status === 'refused') blockers.push(`no safe first rollback: ${plan.reason ?? 'refused'}`);
  const signals = (await deps.signals?.forRelease(release)) ?? { sources: [], blockers: [], warnings: [] };
  blockers.push(...signals.blockers);
  warnings.push(...signals.warnings);
  return {
    ready: blockers.length === 0,
    blockers,
    warnings,
    checks,
    signals: signals.sources,
    plan,
    ...(standing ? { drills: withoutTimings(standing) } : {}),
  };
}

/** A standing as readiness shows it (the timings are in the plan's estimate). */
export function withoutTimings(standing: DrillStanding): Omit<DrillStanding, 'timings'> {
  const { timings: _timings, ...rest } = standing;
  return rest;
}

/** Probes every health URL `bundle` declares. */
export async function probeAll(probe: HealthProbe, bundle: BundleSpec): Promise<ProbeResult[]> {
  return Promise.all(
    healthUrls(bundle.components).map(async ({ component, url }) => ({ component, url, ...(await probe(url)) })),
  );
}

/**
 * A rollback of the same workflow and environment still being verified: a new release's traffic
 * split would change what the verification reads ("the configuration does not serve … to everyone")
 * and fail it, paging the incident commander. The release may start once the window has passed.
 */
async function verificationBlockers(
  stores: ReadinessStores,
  workflow: string,
  environment: string,
  releaseId: string,
): Promise<string[]> {
  const out: string[] = [];
  for (const incident of await stores.incidents.list({ status: 'verifying' })) {
    if (incident.releaseId === releaseId) continue;
    const verified = await stores.releases.get(incident.releaseId);
    if (verified?.workflow !== workflow || verified.environment !== environment) continue;
    const until = incident.times.verifyUntil ? ` until ${incident.times.verifyUntil}` : '';
    out.push(
      `the rollback of release ${verified.name} is being verified${until} (incident ${incident.id}): a new split now would change what that verification reads; start once it is verified`,
    );
  }
  return out;
}
