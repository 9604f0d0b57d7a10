import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { ConfigService } from '../flags/config-service.js';
import { healthUrls, type HealthProbe } from '../releases/readiness/readiness.js';
import type { ReleaseEvent, ReleaseRecord } from '../releases/release-store.js';
import type { RollbackRun } from '../rollbacks/run-store.js';
import { recordReleaseEvent } from '../releases/machine/release-timeline.js';
import type { NotificationService } from '../notifications/notification-service.js';
import { endsTraffic } from '../rollbacks/step-effects.js';
import { firstBreachOf } from '../releases/machine/status-state.js';
import type { VerificationPort, VerifiedGate } from '../ingest/verification-sessions.js';
import { incidentEvidence, type IncidentEvidence } from './incident-evidence.js';
import { extendWindow, VERIFICATION_WINDOW_MS } from './verification-window.js';
import type { BlastRadius, IncidentRecord, IncidentTimes, Verification } from './incident-store.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { RunStore } from '../rollbacks/run-store.js';
import type { IncidentStore } from './incident-store.js';
import type { AuditStore } from '../audit/audit-store.js';
import type { NotificationOutboxStore } from '../notifications/outbox-store.js';

/** The stores incidents read and write (bound to the caller's transaction where one is given). */
export interface IncidentStores {
  registry: RegistryStore;
  releases: ReleaseStore;
  runs: RunStore;
  incidents: IncidentStore;
  audit: AuditStore;
  notifications: NotificationOutboxStore;
}

/** Where blast-radius counts come from (the ingest feature counts what the candidate served). */
export interface ExposurePort {
  exposure(releaseId: string): Promise<BlastRadius | null>;
}

/** An incident with its timeline and the effectiveness numbers of R8.2. */
export interface IncidentView {
  incident: IncidentRecord;
  release: { id: string; workflow: string; environment: string; name: string; control: string; candidate: string };
  timeline: { at: string; kind: string; actor: string; summary: string }[];
  metrics: { mttdMs: number | null; mttrMs: number | null; firstTry: boolean; level: string };
  /** The decision behind the rollback with its frozen evidence (incident-evidence.ts). */
  evidence: IncidentEvidence | null;
}

/**
 * When the rollback a run executes was asked for: the tick's decision or the person's request,
 * before any wait for approvals (recorded with the run's `rollback.executed` entry, or its
 * `rollback.resumed` one after a crash); the run's creation when neither says (an older run).
 */
function requestTime(events: readonly ReleaseEvent[], run: RollbackRun): string {
  const said = events.find(
    (e) =>
      (e.kind === 'rollback.executed' || e.kind === 'rollback.resumed') &&
      e.details.run === run.id &&
      typeof e.details.requestedAt === 'string',
  );
  return (said?.details.requestedAt as string | undefined) ?? run.createdAt.toISOString();
}

/** Dependencies of the incident service. */
export interface IncidentDeps {
  stores: IncidentStores;
  clock: Clock;
  config: ConfigService;
  probe: HealthProbe;
  exposure?: ExposurePort;
  /** Reads the gates that fired on the restored route (ingest's verification sessions). */
  verification?: VerificationPort;
  notifications?: NotificationService;
  /** How long verification watches the restored route at first (default 5 minutes). */
  verificationWindowMs?: number;
  /** How long after the restore extensions for want of samples may last (default 60 minutes). */
  verificationMaxMs?: number;
}

/**
 * One incident per rollback run (R7.1): opened when the run finishes, verified (R7.2: health
 * checks of the restored version, the configuration serving it) over a window, escalated when
 * verification fails — never reported as success — and closed with a post-incident review.
 */
export class IncidentService {
  constructor(private readonly deps: IncidentDeps) {}

  /**
   * Opens the incident of a run that succeeded, in the caller's transaction (the one that ends the
   * run): `verifying`, until {@link verifyOpened} runs its first verification once that commits.
   */
  async openIn(
    stores: IncidentStores,
    release: ReleaseRecord,
    run: RollbackRun,
    now: Date,
    blastRadius: BlastRadius | null,
  ): Promise<IncidentRecord> {
    const existing = await stores.incidents.byRun(run.id);
    if (existing) return existing;
    return this.insert(stores, { release, run, now, blastRadius }, 'verifying', null);
  }

  /** The blast radius ingest counted for a release's candidate (read outside any transaction). */
  async exposureOf(releaseId: string): Promise<BlastRadius | null> {
    return (await this.deps.exposure?.exposure(releaseId)) ?? null;
  }

  /**
   * Opens the incident of a run that failed (an actuator refused, a job failed or missed its
   * deadline), in the caller's transaction: escalated from the start, never verified, with the
   * failure as its reason (R7.2).
   */
  async openFailedIn(
    stores: IncidentStores,
    release: ReleaseRecord,
    run: RollbackRun,
    reason: string,
    now: Date,
    blastRadius: BlastRadius | null,
  ): Promise<IncidentRecord> {
    const existing = await stores.incidents.byRun(run.id);
    if (existing) return existing;
    const escalation = 'the rollback failed: the incident commander is paged';
    const verification: Verification = {
      checks: [],
      configServesControl: false,
      gates: null,
      failures: [reason],
      escalation,
    };
    return this.insert(stores, { release, run, now, blastRadius }, 'escalated', verification);
  }

  /** The first verification of a run's incident, once its opening committed; nothing when it already ran. */
  async verifyOpened(runId: string): Promise<IncidentRecord | undefined> {
    const incident = await this.deps.stores.incidents.byRun(runId);
    if (!incident || incident.status !== 'verifying' || incident.verification !== null) return incident;
    const release = await this.deps.stores.releases.get(incident.releaseId);
    return release && this.verify(incident, release, this.deps.clock.now(), false);
  }

  private async insert(
    stores: IncidentStores,
    opened: { release: ReleaseRecord; run: RollbackRun; now: Date; blastRadius: BlastRadius | null },
    status: IncidentRecord['status'],
    verification: Verification | null,
  ): Promise<IncidentRecord> {
    const { release, run, now, blastRadius } = opened;
    const events = await stores.releases.events(release.id);
    const requestedAt = run.requestedAt?.toISOString() ?? requestTime(events, run);
    const breach = firstBreachOf(release);
    const times: IncidentTimes = {
      ...exposure(events, release),
      detectedAt: breach !== undefined && breach < requestedAt ? breach : requestedAt,
      decidedAt: requestedAt,
      ...(status === 'verifying' ? { restoredAt: (run.finishedAt ?? now).toISOString() } : {}),
    };
    const incident: IncidentRecord = {
      id: `inc_${randomBytes(6).toString('hex')}`,
      releaseId: release.id,
      runId: run.id,
      status,
      times,
      blastRadius,
      verification,
      review: null,
      openedAt: now,
      updatedAt: now,
    };
    await stores.incidents.insert(incident);
    return incident;
  }

  /** At boot: resumes the verification sessions of incidents still verifying, before any event arrives. */
  async resume(): Promise<number> {
    let resumed = 0;
    for (const incident of await this.deps.stores.incidents.list({ status: 'verifying' })) {
      const release = await this.deps.stores.releases.get(incident.releaseId);
      const run = await this.deps.stores.runs.get(incident.runId);
      if (release && run && (await this.startVerification(incident, release, run))) resumed += 1;
    }
    return resumed;
  }

  /** Finishes verifications whose window has passed (called from the release tick). */
  async tick(now = this.deps.clock.now()): Promise<IncidentRecord[]> {
    const done: IncidentRecord[] = [];
    for (const incident of await this.deps.stores.incidents.list({ status: 'verifying' })) {
      const release = await this.deps.stores.releases.get(incident.releaseId);
      if (release)
        done.push(
          await this.verify(incident, release, now, Date.parse(incident.times.verifyUntil ?? '') <= now.getTime()),
        );
    }
    return done;
  }

  /**
   * Checks the restored version now. Any failure escalates at once; with no failure the incident
   * stays `verifying` until the window has passed (`final`), then it is `verified`.
   */
  private async verify(
    incident: IncidentRecord,
    release: ReleaseRecord,
    now: Date,
    final: boolean,
  ): Promise<IncidentRecord> {
    const control = await this.deps.stores.registry.getBundle(release.workflow, release.spec.control);
    const checks = control
      ? await Promise.all(
          healthUrls(control.spec.components).map(async ({ component, url }) => ({
            component,
            url,
            ...(await this.deps.probe(url)),
          })),
        )
      : [];
    const current = await this.deps.config.current(release.environment, release.workflow);
    const run = await this.deps.stores.runs.get(incident.runId);
    // Only a plan that ended the candidate's traffic must leave the control serving everyone.
    const mustServeControl = run?.plan.steps.some(endsTraffic) ?? true;
    const configServesControl =
      current?.config.bundles.control?.version === release.spec.control && (!mustServeControl || !current.config.split);
    const gates = run ? await this.firedGates(incident, release, run, now) : undefined;
    // A window that ends with gates short of samples (and nothing failing) is extended, bounded.
    const healthy =
      checks.every((c) => c.ok) && configServesControl && !(gates ?? []).some((g) => g.state === 'breached');
    const extension =
      final && healthy ? extendWindow(gates ?? [], incident.times.restoredAt, now, this.deps.verificationMaxMs) : null;
    if (extension !== null) final = false;
    const failures = [
      ...checks.filter((c) => !c.ok).map((c) => `${c.component} health check ${c.url}: ${c.detail}`),
      ...(configServesControl ? [] : [`the configuration does not serve ${release.spec.control} to everyone`]),
      ...gateFailures(gates ?? [], final),
    ];
    const verification: Verification = {
      checks,
      configServesControl,
      gates: gates ?? null,
      failures,
      ...(failures.length > 0 ? { escalation: 'verification failed: the incident commander is paged' } : {}),
      ...(extension !== null
        ? { extension }
        : incident.verification?.extension
          ? { extension: incident.verification.extension }
          : {}),
    };
    const times: IncidentTimes = {
      ...incident.times,
      ...(incident.times.verifyUntil
        ? {}
        : {
            verifyUntil: new Date(
              now.getTime() + (this.deps.verificationWindowMs ?? VERIFICATION_WINDOW_MS),
            ).toISOString(),
          }),
      ...(extension !== null ? { verifyUntil: extension.until } : {}),
    };
    // A fired gate still inconclusive keeps the incident verifying until the window ends (then it fails).
    const waiting = gates?.some((g) => g.state !== 'passing') ?? false;
    const status = failures.length > 0 ? 'escalated' : final && !waiting ? 'verified' : 'verifying';
    if (status !== 'verifying') await this.deps.verification?.stop(release.id);
    if (status === 'verified') times.verifiedAt = now.toISOString();
    const updated: IncidentRecord = { ...incident, status, times, verification, updatedAt: now };
    await this.deps.stores.incidents.update(incident.id, { status, times, verification, updatedAt: now });
    if (status !== incident.status || failures.length > 0 || incident.verification === null || extension !== null) {
      const kind =
        extension !== null && status === 'verifying'
          ? 'verification.extended'
          : status === 'escalated'
            ? 'verification.failed'
            : status === 'verified'
              ? 'verification.passed'
              : 'verification.started';
      const details = {
        incident: incident.id,
        failures,
        ...(extension !== null ? { reason: extension.reason, until: extension.until, bound: extension.bound } : {}),
        ...(verification.escalation ? { escalation: verification.escalation } : {}),
      };
      await recordReleaseEvent(this.deps.stores, this.deps.notifications, release, {
        at: now,
        kind,
        actor: 'ripcord',
        details,
      });
    }
    return updated;
  }

  /** The gates the run's plan covers, read on the restored route; `undefined` when they cannot be read. */
  private async firedGates(
    incident: IncidentRecord,
    release: ReleaseRecord,
    run: RollbackRun,
    now: Date,
  ): Promise<VerifiedGate[] | undefined> {
    const started = await this.startVerification(incident, release, run, now);
    return started ? this.deps.verification?.evaluate(release.id, run.plan.covers, now) : undefined;
  }

  /** Starts (or resumes) the session that reads the fired gates on the restored route. */
  private async startVerification(
    incident: IncidentRecord,
    release: ReleaseRecord,
    run: RollbackRun,
    now = this.deps.clock.now(),
  ): Promise<boolean> {
    const port = this.deps.verification;
    if (port === undefined) return false;
    return port.start({
      releaseId: release.id,
      release: { name: release.name, workflow: release.workflow, environment: release.environment },
      restoredAt: new Date(incident.times.restoredAt ?? now.toISOString()),
      endedTraffic: run.plan.steps.some(endsTraffic),
    });
  }

  /** Records the post-incident review and closes the incident. */
  async review(
    id: string,
    input: { rootCause: string; remediation: string; prevention: string },
    actor: Principal,
  ): Promise<IncidentRecord> {
    const incident = await this.deps.stores.incidents.get(id);
    if (!incident) throw notFound(`incident ${id}`);
    if (incident.status === 'verifying')
      throw new AppError(
        'conflict',
        `incident ${id} is still verifying the restore; review it once it is verified or escalated`,
      );
    const now = this.deps.clock.now();
    const review = { ...input, by: actor.subject, at: now.toISOString() };
    const times = { ...incident.times, closedAt: now.toISOString() };
    await this.deps.stores.incidents.update(id, { status: 'closed', review, times, updatedAt: now });
    await this.deps.stores.audit.append({
      at: now,
      actor: actor.subject,
      action: 'incident.closed',
      subject: id,
      details: review,
    });
    return { ...incident, status: 'closed', review, times, updatedAt: now };
  }

  /** Incidents, newest first. */
  list(): Promise<IncidentRecord[]> {
    return this.deps.stores.incidents.list();
  }

  /** An incident with its timeline and MTTD, MTTR and first-try success. */
  async view(id: string): Promise<IncidentView> {
    const incident = await this.deps.stores.incidents.get(id);
    if (!incident) throw notFound(`incident ${id}`);
    const release = await this.deps.stores.releases.get(incident.releaseId);
    if (!release) throw notFound(`release ${incident.releaseId}`);
    const [events, runs, decisions] = await Promise.all([
      this.deps.stores.releases.events(release.id),
      this.deps.stores.runs.forRelease(release.id),
      this.deps.stores.releases.decisions(release.id),
    ]);
    const run = runs.find((r) => r.id === incident.runId);
    const t = incident.times;
    return {
      incident,
      release: {
        id: release.id,
        workflow: release.workflow,
        environment: release.environment,
        name: release.name,
        control: release.spec.control,
        candidate: release.spec.candidate,
      },
      timeline: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actor, summary: summarize(e) })),
      metrics: {
        mttdMs: between(t.exposedAt, t.detectedAt),
        mttrMs: between(t.decidedAt, t.verifiedAt),
        firstTry: runs.length === 1 && incident.status !== 'escalated',
        level: run?.plan.level ?? 'unknown',
      },
      evidence: incidentEvidence(decisions, t.decidedAt),
    };
  }
}

function exposure(events: ReleaseEvent[], release: ReleaseRecord): Pick<IncidentTimes, 'exposedAt'> {
  const first = events.find(
    (e) => e.kind === 'release.stage-started' && typeof e.details.percent === 'number' && e.details.percent > 0,
  );
  const at = first?.at ?? release.startedAt;
  return at ? { exposedAt: at.toISOString() } : {};
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

function between(from: string | undefined, to: string | undefined): number | null {
  return from && to ? Date.parse(to) - Date.parse(from) : null;
}

function summarize(e: ReleaseEvent): string {
  const d = e.details;
  for (const key of ['reason', 'summary', 'reasoning']) if (typeof d[key] === 'string') return d[key];
  if (typeof d.kind === 'string') return d.kind;
  return '';
}
