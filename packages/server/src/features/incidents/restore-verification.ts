/**
 * Verification of a restore (R7.2): the health checks of the restored version, the configuration
 * serving it, and the gates that fired read again on the restored route — ripcord's own events and
 * the gates fed from outside (Prometheus, Datadog, alerts; features/signals/signal-verification.ts).
 * Any failure escalates at once; with none, the incident stays `verifying` until its window has
 * passed, extended (bounded) while fired gates lack samples or wait for a signal; then `verified`.
 */
import { healthUrls } from '../releases/readiness/readiness.js';
import { recordReleaseEvent } from '../releases/machine/release-timeline.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import { endsTraffic } from '../rollbacks/step-effects.js';
import type { RollbackRun } from '../rollbacks/run-store.js';
import type { VerifiedGate } from '../ingest/verification-sessions.js';
import type { IncidentDeps } from './incident-deps.js';
import type { IncidentRecord, IncidentTimes, Verification } from './incident-store.js';
import { extendWindow, VERIFICATION_WINDOW_MS, type WindowExtension } from './verification-window.js';

/** What one look at the restored route found. */
interface Found {
  checks: Verification['checks'];
  configServesControl: boolean;
  gates: VerifiedGate[] | undefined;
}

/** Verifies restores for the incident service. */
export class RestoreVerifier {
  constructor(private readonly deps: IncidentDeps) {}

  /** Checks the restored version now; `final` when the window has passed. */
  async verify(incident: IncidentRecord, release: ReleaseRecord, now: Date, final: boolean): Promise<IncidentRecord> {
    const found = await this.look(incident, release, now);
    const judged = judge(incident, release, found, now, final, this.deps);
    const { status, verification, times, extension } = judged;
    if (status !== 'verifying') await this.deps.verification?.stop(release.id);
    const updated: IncidentRecord = { ...incident, status, times, verification, updatedAt: now };
    await this.deps.stores.incidents.update(incident.id, { status, times, verification, updatedAt: now });
    const failures = verification.failures;
    if (status !== incident.status || failures.length > 0 || incident.verification === null || extension !== null)
      await recordReleaseEvent(this.deps.stores, this.deps.notifications, release, {
        at: now,
        kind: eventKind(status, extension),
        actor: 'ripcord',
        details: {
          incident: incident.id,
          failures,
          ...(extension !== null ? { reason: extension.reason, until: extension.until, bound: extension.bound } : {}),
          ...(verification.escalation ? { escalation: verification.escalation } : {}),
        },
      });
    return updated;
  }

  /** Starts (or resumes) the session that reads the fired gates on the restored route. */
  start(incident: IncidentRecord, release: ReleaseRecord, run: RollbackRun, now: Date): Promise<boolean> {
    const port = this.deps.verification;
    if (port === undefined) return Promise.resolve(false);
    return port.start({
      releaseId: release.id,
      release: { name: release.name, workflow: release.workflow, environment: release.environment },
      restoredAt: new Date(incident.times.restoredAt ?? now.toISOString()),
      endedTraffic: run.plan.steps.some(endsTraffic),
    });
  }

  /** The health checks, the configuration, and the fired gates (`undefined`: they cannot be read). */
  private async look(incident: IncidentRecord, release: ReleaseRecord, now: Date): Promise<Found> {
    const { stores, probe, config } = this.deps;
    const control = await stores.registry.getBundle(release.workflow, release.spec.control);
    const checks = control
      ? await Promise.all(
          healthUrls(control.spec.components).map(async ({ component, url }) => ({
            component,
            url,
            ...(await probe(url)),
          })),
        )
      : [];
    const current = await config.current(release.environment, release.workflow);
    const run = await stores.runs.get(incident.runId);
    // Only a plan that ended the candidate's traffic must leave the control serving everyone.
    const mustServeControl = run?.plan.steps.some(endsTraffic) ?? true;
    const configServesControl =
      current?.config.bundles.control?.version === release.spec.control && (!mustServeControl || !current.config.split);
    const started = run !== undefined && (await this.start(incident, release, run, now));
    const gates = started ? await this.deps.verification?.evaluate(release.id, run.plan.covers, now) : undefined;
    return { checks, configServesControl, gates };
  }
}

/** The verdict of one look: the status, what verification found, the times, an extension. */
function judge(
  incident: IncidentRecord,
  release: ReleaseRecord,
  found: Found,
  now: Date,
  final: boolean,
  settings: Pick<IncidentDeps, 'verificationWindowMs' | 'verificationMaxMs'>,
) {
  const { checks, configServesControl } = found;
  const gates = found.gates ?? [];
  const windowMs = settings.verificationWindowMs ?? VERIFICATION_WINDOW_MS;
  // A window that ends with gates short of samples or waiting for a signal (nothing failing) is extended, bounded.
  const healthy = checks.every((c) => c.ok) && configServesControl && !gates.some((g) => g.state === 'breached');
  const extension =
    final && healthy ? extendWindow(gates, incident.times.restoredAt, now, settings.verificationMaxMs, windowMs) : null;
  const ends = final && extension === null;
  const failures = [
    ...checks.filter((c) => !c.ok).map((c) => `${c.component} health check ${c.url}: ${c.detail}`),
    ...(configServesControl ? [] : [`the configuration does not serve ${release.spec.control} to everyone`]),
    ...gateFailures(gates, ends),
  ];
  const kept = extension ?? incident.verification?.extension;
  const verification: Verification = {
    checks,
    configServesControl,
    gates: found.gates ?? null,
    failures,
    ...(failures.length > 0 ? { escalation: 'verification failed: the incident commander is paged' } : {}),
    ...(kept ? { extension: kept } : {}),
  };
  const times: IncidentTimes = {
    ...incident.times,
    ...(incident.times.verifyUntil ? {} : { verifyUntil: new Date(now.getTime() + windowMs).toISOString() }),
    ...(extension !== null ? { verifyUntil: extension.until } : {}),
  };
  // A fired gate still inconclusive keeps the incident verifying until the window ends (then it fails).
  const waiting = gates.some((g) => g.state !== 'passing');
  const status: IncidentRecord['status'] =
    failures.length > 0 ? 'escalated' : ends && !waiting ? 'verified' : 'verifying';
  if (status === 'verified') times.verifiedAt = now.toISOString();
  return { status, verification, times, extension };
}

function eventKind(status: IncidentRecord['status'], extension: WindowExtension | null): string {
  if (extension !== null && status === 'verifying') return 'verification.extended';
  if (status === 'escalated') return 'verification.failed';
  if (status === 'verified') return 'verification.passed';
  return 'verification.started';
}

/** Fired gates that fail verification: breached now, or (at the window's end) still not passing. */
function gateFailures(gates: readonly VerifiedGate[], final: boolean): string[] {
  return gates.flatMap((g) => {
    if (g.state === 'breached') return [`gate ${g.gate} is still breached on the restored route: ${g.sentence}`];
    if (g.state === 'inconclusive' && final)
      return [`gate ${g.gate} did not return to passing within the verification window: ${g.sentence}`];
    return [];
  });
}
