/**
 * The drill schedule (R8.1): at each release tick, every workflow whose Workflow declares `drills:`
 * and whose last passing drill in an environment (one with a production label) is older than its
 * `every` is due. With `automatic: true` the scheduler runs the drill itself (as `ripcord`, trigger
 * `schedule`) and notifies the result; otherwise it notifies the owners once per due period with
 * the command to run. It runs where releases tick (server.ts), so one node of a cluster drills.
 */
import type { RegistryStore } from '../bundles/registry-store.js';
import type { NotificationOutboxStore } from '../notifications/outbox-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import { AppError } from '../../errors.js';
import { systemPrincipal } from '../auth/principal.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { DrillService } from './drill-service.js';
import type { DrillRecord } from './drill-store.js';

/** What one pass did. */
export interface SchedulePass {
  ran: DrillRecord[];
  /** `workflow/environment` of each due drill whose owners were notified (or whose run could not start). */
  notified: string[];
}

/** Runs or announces due drills. */
export class DrillScheduler {
  private running: Promise<SchedulePass> | undefined;

  constructor(
    private readonly deps: {
      stores: { registry: RegistryStore; notifications: NotificationOutboxStore; releases: ReleaseStore };
      drills: DrillService;
      notifications?: NotificationService;
    },
  ) {}

  /** One pass; a pass still running is joined, never doubled. */
  tick(): Promise<SchedulePass> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<SchedulePass> {
    const out: SchedulePass = { ran: [], notified: [] };
    await this.postDeployTests(out);
    for (const workflow of await this.deps.stores.registry.listWorkflows()) {
      const settings = workflow.spec.drills;
      if (!settings) continue;
      const labels = await this.deps.stores.registry.listLabels(workflow.name);
      for (const env of new Set(labels.filter((l) => l.label === 'production').map((l) => l.environment))) {
        const standing = await this.deps.drills.standing(workflow.spec, env);
        if (!standing.due) continue;
        const period = standing.lastPassed?.id ?? 'never';
        if (settings.automatic) {
          try {
            const drill = await this.deps.drills.run(
              { workflow: workflow.name, environment: env, reason: 'scheduled drill', trigger: 'schedule' },
              systemPrincipal,
            );
            out.ran.push(drill);
            await this.notify(workflow.name, env, `${drill.id}`, this.resultSummary(drill));
            continue;
          } catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            await this.notify(workflow.name, env, `refused:${period}`, `the scheduled drill could not start: ${why}`);
          }
        } else {
          await this.notify(
            workflow.name,
            env,
            `due:${period}`,
            `a rollback drill is due (every ${standing.every}; last passed: ${standing.lastPassed?.at ?? 'never'}): run \`${standing.command}\``,
          );
        }
        out.notified.push(`${workflow.name}/${env}`);
      }
    }
    return out;
  }

  /**
   * Post-deployment rollback tests (R8.1): each promoted release whose ticket asks for one and that
   * has no drill yet is drilled once — the drill segment rolled back to the old control, verified,
   * the promoted bundle redeployed to it, verified — at the workflow's drill level, else the
   * lowest level the planner does not escalate.
   */
  private async postDeployTests(out: SchedulePass): Promise<void> {
    for (const release of await this.deps.stores.releases.list({ statuses: ['promoted'] })) {
      if (!release.spec.postDeployTest) continue;
      const done = await this.deps.drills.list({ workflow: release.workflow, environment: release.environment });
      if (done.some((d) => d.detail.release?.id === release.id)) continue;
      const workflow = await this.deps.stores.registry.getWorkflow(release.workflow);
      const levels = [...new Set([workflow?.spec.drills?.level ?? 1, 2] as const)];
      let why = '';
      for (const level of levels) {
        try {
          const drill = await this.deps.drills.run(
            {
              workflow: release.workflow,
              environment: release.environment,
              level,
              reason: `post-deployment rollback test of release ${release.name}`,
              trigger: 'post-deploy',
              release: { id: release.id, name: release.name },
            },
            systemPrincipal,
          );
          out.ran.push(drill);
          await this.notify(release.workflow, release.environment, drill.id, this.resultSummary(drill));
          why = '';
          break;
        } catch (error) {
          why = error instanceof Error ? error.message : String(error);
          if (!(error instanceof AppError && why.includes('cannot be drilled'))) break;
        }
      }
      if (why)
        await this.notify(
          release.workflow,
          release.environment,
          `postdeploy:${release.id}`,
          `the post-deployment rollback test of ${release.name} could not run: ${why}`,
        );
    }
  }

  private resultSummary(drill: DrillRecord): string {
    const what =
      drill.trigger === 'post-deploy'
        ? `post-deployment rollback test ${drill.id} of ${drill.detail.release?.name ?? '?'}`
        : '';
    if (what)
      return drill.status === 'passed'
        ? `${what} passed: rolled back, verified, redeployed, verified (level ${drill.level})`
        : `${what} failed: ${drill.detail.failure ?? 'unknown'}`;
    return drill.status === 'passed'
      ? `scheduled rollback drill ${drill.id} passed (level ${drill.level}, rollback ${drill.detail.rollbackMs} ms)`
      : `scheduled rollback drill ${drill.id} failed: ${drill.detail.failure ?? 'unknown'}`;
  }

  /** One notification per key: a due period is announced once, however many ticks see it. */
  private async notify(workflow: string, environment: string, key: string, summary: string): Promise<void> {
    await this.deps.notifications?.notify(this.deps.stores, {
      kind: 'drill',
      release: `drill of ${workflow}`,
      workflow,
      environment,
      summary,
      key: `drill:${workflow}:${environment}:${key}`,
    });
  }
}
