/**
 * The drill schedule (R8.1): at each release tick, every workflow whose Workflow declares `drills:`
 * and whose last passing drill in an environment (one with a production label) is older than its
 * `every` is due. With `automatic: true` the scheduler runs the drill itself (as `ripcord`, trigger
 * `schedule`) and notifies the result; otherwise it notifies the owners once per due period with
 * the command to run. It runs where releases tick (server.ts), so one node of a cluster drills.
 */
import type { RegistryStore } from '../bundles/registry-store.js';
import type { NotificationOutboxStore } from '../notifications/outbox-store.js';
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
      stores: { registry: RegistryStore; notifications: NotificationOutboxStore };
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

  private resultSummary(drill: DrillRecord): string {
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
