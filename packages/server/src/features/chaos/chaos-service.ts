/**
 * Chaos runs (R8.1): inject a fault into a drill release of a workflow, confined to its drill
 * segment, drive synthetic traffic through the real SDK, and check that the gates breach, the
 * automated rollback fires within the ticket's authority, and verification passes within the
 * MTTD/MTTR targets; restore everything; record the run, and notify when a check failed.
 */
import { systemPrincipal, type Principal } from '../auth/principal.js';
import type { TokenService } from '../auth/token-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import { restoreInterrupted } from '../drills/drill-recover.js';
import { executeChaos, type ChaosRunDeps } from './chaos-run.js';
import { prepareChaos, type ChaosRequest, type ChaosSetup } from './chaos-prepare.js';
import type { ChaosRecord, ChaosStore } from './chaos-store.js';
import { healthyProfile, seededRandom } from './faults.js';
import { SyntheticTraffic, type InProcessFetch } from './synthetic-traffic.js';

/** What the service needs besides a run's dependencies. */
export interface ChaosServiceDeps extends ChaosRunDeps {
  chaos: ChaosStore;
  tokens: Pick<TokenService, 'create' | 'revoke'>;
  notifications?: Pick<NotificationService, 'notify'>;
}

/** Runs and reads chaos runs. */
export class ChaosService {
  /** The app's own `fetch`: the synthetic SDK client's requests are answered in-process. */
  private fetch: InProcessFetch | undefined;

  constructor(private readonly deps: ChaosServiceDeps) {}

  /** Binds the app whose routes answer the synthetic client (create-app.ts, once the routes are mounted). */
  serveWith(fetch: InProcessFetch): void {
    this.fetch = fetch;
  }

  /** Runs a chaos check now; answers its finished record (passed or failed). */
  async run(request: ChaosRequest, actor: Principal): Promise<ChaosRecord> {
    const setup = await prepareChaos(this.deps, request, actor);
    await this.deps.chaos.save(setup.chaos);
    let finished: ChaosRecord;
    try {
      finished = await this.withTraffic(setup, actor);
    } catch (error) {
      const why = `the chaos run stopped: ${error instanceof Error ? error.message : String(error)}`;
      await this.recover(setup.chaos, actor, 'restored after it stopped');
      finished = { ...setup.chaos, status: 'failed', finishedAt: this.deps.clock.now() };
      finished.detail = { ...setup.chaos.detail, failures: [why] };
    }
    await this.deps.chaos.save(finished);
    if (finished.status === 'failed') await this.notifyFailed(finished);
    return finished;
  }

  /** Starts the gate session, publishes the segment-only split, opens the SDK client; closes all of it after. */
  private async withTraffic(setup: ChaosSetup, actor: Principal): Promise<ChaosRecord> {
    const { chaos, release } = setup;
    const target = { workflow: chaos.workflow, environment: chaos.environment };
    const minted = await this.deps.tokens.create(
      {
        subject: `chaos-${chaos.id.slice(6)}`,
        role: 'sdk',
        scope: { environment: chaos.environment, workflows: [chaos.workflow] },
      },
      systemPrincipal,
    );
    let traffic: SyntheticTraffic | undefined;
    try {
      await this.deps.gates.start(release, this.deps.clock.now());
      await this.deps.gates.startStage(release.id, this.deps.clock.now());
      const split = {
        release: release.name,
        candidate: setup.candidate.version,
        percent: 100,
        eligibleSegment: chaos.detail.segment,
      };
      const why = `chaos ${chaos.id}: ${chaos.fault} injected into ${setup.candidate.version} for ${chaos.detail.segment} only`;
      const published = await this.deps.config.setSplit(target, split, actor, why);
      if (!this.fetch) throw new Error('the chaos service is not bound to an app (serveWith)');
      traffic = await SyntheticTraffic.open({
        fetch: this.fetch,
        token: minted.token,
        environment: chaos.environment,
        workflow: chaos.workflow,
        segment: setup.before.config.segments[chaos.detail.segment]!,
        segmentName: chaos.detail.segment,
        clock: this.deps.clock,
        profile: healthyProfile(setup.workflow.spec, release.spec),
        random: seededRandom(parseInt(chaos.id.slice(6, 14), 16)),
        runId: chaos.id.slice(6),
      });
      await traffic.reach(published.revision);
      return await executeChaos(this.deps, setup, traffic, actor);
    } finally {
      await traffic?.close();
      await this.deps.gates.stop(release.id);
      await this.deps.tokens.revoke(minted.record.id, systemPrincipal);
    }
  }

  /**
   * Chaos runs a restart interrupted (still `running` at boot): the drill segment is put back — the
   * chaos split ended, each flag as before the run — and the run recorded `failed`.
   */
  async recoverInterrupted(actor: Principal): Promise<ChaosRecord[]> {
    const out: ChaosRecord[] = [];
    for (const chaos of await this.deps.chaos.list({ status: 'running' })) {
      await this.recover(chaos, actor, 'interrupted by a restart, restored');
      const failed: ChaosRecord = { ...chaos, status: 'failed', finishedAt: this.deps.clock.now() };
      failed.detail = {
        ...chaos.detail,
        failures: ['interrupted by a restart; the drill segment was restored at the next start'],
      };
      await this.deps.chaos.save(failed);
      const run = await this.deps.stores.runs.running(chaos.id);
      if (run)
        await this.deps.stores.runs.save({
          ...run,
          status: 'failed',
          updatedAt: failed.finishedAt!,
          finishedAt: failed.finishedAt,
        });
      out.push(failed);
    }
    return out;
  }

  get(id: string): Promise<ChaosRecord | undefined> {
    return this.deps.chaos.get(id);
  }

  list(filter: { workflow?: string | undefined; environment?: string | undefined } = {}): Promise<ChaosRecord[]> {
    return this.deps.chaos.list({
      ...(filter.workflow ? { workflow: filter.workflow } : {}),
      ...(filter.environment ? { environment: filter.environment } : {}),
    });
  }

  private recover(chaos: ChaosRecord, actor: Principal, why: string): Promise<void> {
    const target = { workflow: chaos.workflow, environment: chaos.environment };
    return restoreInterrupted(
      this.deps.config,
      target,
      chaos.detail.release,
      chaos.detail.flagsBefore,
      actor,
      `chaos ${chaos.id}: ${why}`,
    );
  }

  /** A failed chaos check is notified like an incident, to the workflow's channels. */
  private async notifyFailed(chaos: ChaosRecord): Promise<void> {
    await this.deps.notifications?.notify(this.deps.stores, {
      kind: 'chaos',
      release: `chaos run ${chaos.id} of ${chaos.workflow} (${chaos.fault})`,
      workflow: chaos.workflow,
      environment: chaos.environment,
      summary: `chaos check failed: ${chaos.detail.failures.join('; ')}`,
      key: `chaos:${chaos.id}`,
      ...(chaos.detail.decision ? { details: { gates: chaos.detail.decision.gates } } : {}),
    });
  }
}
