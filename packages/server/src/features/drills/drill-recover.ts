/**
 * Drills a restart interrupted (still `running` at boot): the drill segment is put back — the
 * drill's split cleared, each flag as it was before the drill — and the drill recorded `failed`.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FlagDefinition } from '@ripcord/protocol';
import type { Principal } from '../auth/principal.js';
import type { ConfigService } from '../flags/config-service.js';
import type { DrillRunDeps } from './drill-run.js';
import type { DrillRecord, DrillStore } from './drill-store.js';

/**
 * Puts a workflow's configuration back as it was before an interrupted drill or chaos run: the
 * split named `splitName` cleared, each flag definition as in `flagsBefore`.
 */
export async function restoreInterrupted(
  config: Pick<ConfigService, 'current' | 'clearSplit' | 'setFlag' | 'unsetFlag'>,
  target: { workflow: string; environment: string },
  splitName: string,
  flagsBefore: Record<string, unknown>,
  actor: Principal,
  reason: string,
): Promise<void> {
  const { workflow, environment } = target;
  target = { workflow, environment };
  const current = await config.current(target.environment, target.workflow);
  if (current?.config.split?.release === splitName) await config.clearSplit(target, actor, reason);
  for (const [key, definition] of Object.entries(current?.config.flags ?? {})) {
    if (isDeepStrictEqual(definition, flagsBefore[key])) continue;
    if (flagsBefore[key] === undefined) await config.unsetFlag({ ...target, key }, actor, reason);
    else await config.setFlag({ ...target, key }, { definition: flagsBefore[key] as FlagDefinition }, actor, reason);
  }
}

/** Restores every drill still `running` and records it failed; answers the drills it restored. */
export async function recoverDrills(
  deps: DrillRunDeps & { drills: DrillStore },
  actor: Principal,
): Promise<DrillRecord[]> {
  const out: DrillRecord[] = [];
  for (const drill of await deps.drills.list({ status: 'running' })) {
    const reason = `drill ${drill.id}: interrupted by a restart, restored`;
    const target = { workflow: drill.workflow, environment: drill.environment };
    await restoreInterrupted(
      deps.config,
      target,
      `drill-${drill.id.slice(6)}`,
      drill.detail.flagsBefore ?? {},
      actor,
      reason,
    );
    const failed: DrillRecord = {
      ...drill,
      status: 'failed',
      finishedAt: deps.clock.now(),
      detail: {
        ...drill.detail,
        failure: 'interrupted by a restart; the drill segment was restored at the next start',
      },
    };
    await deps.drills.save(failed);
    if (drill.runId === null) {
      const run = await deps.stores.runs.running(drill.id);
      if (run)
        await deps.stores.runs.save({
          ...run,
          status: 'failed',
          updatedAt: failed.finishedAt!,
          finishedAt: failed.finishedAt,
        });
    }
    out.push(failed);
  }
  return out;
}
