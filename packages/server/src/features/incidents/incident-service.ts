import type { CauseCategory } from './cause-categories.js';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { RollbackRun } from '../rollbacks/run-store.js';
import type { IncidentDeps, IncidentStores } from './incident-deps.js';
import { insertIncident } from './incident-open.js';
import type { BlastRadius, IncidentRecord, Verification } from './incident-store.js';
import { viewIncident, type IncidentView } from './incident-view.js';
import { RestoreVerifier } from './restore-verification.js';

export type { ExposurePort, IncidentDeps, IncidentStores } from './incident-deps.js';
export type { IncidentView } from './incident-view.js';

/**
 * One incident per rollback run (R7.1): opened when the run finishes, verified (R7.2: health
 * checks of the restored version, the configuration serving it, the fired gates on the restored
 * route; restore-verification.ts) over a window, escalated when verification fails — never
 * reported as success — and closed with a post-incident review.
 */
export class IncidentService {
  private readonly verifier: RestoreVerifier;

  constructor(private readonly deps: IncidentDeps) {
    this.verifier = new RestoreVerifier(deps);
  }

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
    return insertIncident(stores, { release, run, now, blastRadius }, 'verifying', null);
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
    return insertIncident(stores, { release, run, now, blastRadius }, 'escalated', verification);
  }

  /** The first verification of a run's incident, once its opening committed; nothing when it already ran. */
  async verifyOpened(runId: string): Promise<IncidentRecord | undefined> {
    const incident = await this.deps.stores.incidents.byRun(runId);
    if (!incident || incident.status !== 'verifying' || incident.verification !== null) return incident;
    const release = await this.deps.stores.releases.get(incident.releaseId);
    return release && this.verifier.verify(incident, release, this.deps.clock.now(), false);
  }

  /** At boot: resumes the verification sessions of incidents still verifying, before any event arrives. */
  async resume(): Promise<number> {
    let resumed = 0;
    for (const incident of await this.deps.stores.incidents.list({ status: 'verifying' })) {
      const release = await this.deps.stores.releases.get(incident.releaseId);
      const run = await this.deps.stores.runs.get(incident.runId);
      if (release && run && (await this.verifier.start(incident, release, run, this.deps.clock.now()))) resumed += 1;
    }
    return resumed;
  }

  /** Finishes verifications whose window has passed (called from the release tick). */
  async tick(now = this.deps.clock.now()): Promise<IncidentRecord[]> {
    const done: IncidentRecord[] = [];
    for (const incident of await this.deps.stores.incidents.list({ status: 'verifying' })) {
      const release = await this.deps.stores.releases.get(incident.releaseId);
      if (release) {
        const final = Date.parse(incident.times.verifyUntil ?? '') <= now.getTime();
        done.push(await this.verifier.verify(incident, release, now, final));
      }
    }
    return done;
  }

  /** Records the post-incident review and closes the incident. */
  async review(
    id: string,
    input: { rootCause: string; remediation: string; prevention: string; cause?: CauseCategory | undefined },
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
    const { cause, ...text } = input;
    const review = { ...text, ...(cause ? { cause } : {}), by: actor.subject, at: now.toISOString() };
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
  view(id: string): Promise<IncidentView> {
    return viewIncident(this.deps.stores, id);
  }
}
