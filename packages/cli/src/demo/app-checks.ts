/**
 * What the demo's application itself sees after a restore (beside the server's verification):
 * traffic on the control only, the SDK on the server's revision, the flags the scenario expects,
 * the metric whose gate fired back at its baseline, and the control's model answering health checks.
 */
import type { Release } from '@ripcord/protocol/api';
import { ModelClient } from './model-client.js';
import { storedFlagValue, type StoredRecords } from './outcome-check.js';
import type { Scenario } from './scenarios.js';
import type { ArmTally, SimulatedApp } from './simulated-app.js';

/** One check and what it saw. */
export interface AppCheck {
  check: string;
  ok: boolean;
  detail: string;
}

/** What the application itself sees after the restore: routing, flags, health, the metric back at baseline. */
export async function appChecks(run: {
  release: Release;
  app: SimulatedApp;
  expect: Scenario['expect'];
  records: StoredRecords;
  healthUrls: readonly string[];
}): Promise<AppCheck[]> {
  const records = run.records;
  const checks: AppCheck[] = [];
  const control = run.release.spec.control;
  const after = run.app.tallies.verification;
  const before = run.app.tallies.rollout;
  const served = (after?.control.requests ?? 0) + (after?.candidate.requests ?? 0);
  const onControl = after?.control.bundles.size === 1 && after.control.bundles.has(control);
  checks.push({
    check: 'traffic',
    ok: served > 0 && (after?.candidate.requests ?? 0) === 0 && onControl,
    detail: `${served} requests after the restore, ${after?.candidate.requests ?? 0} on the candidate, served by ${[...(after?.control.bundles ?? [])].join(', ') || 'nothing'}`,
  });
  const config = records.config;
  const sdkRevision = run.app.revision;
  checks.push({
    check: 'configuration',
    ok: config !== null && sdkRevision >= config.revision,
    detail: `the SDK serves revision ${sdkRevision}, the server's is ${config?.revision ?? 'unknown'}`,
  });
  const expect = run.expect;
  if (expect.status === 'rolled-back') {
    for (const [key, value] of Object.entries(expect.flags ?? {})) {
      const seen = run.app.route('verification-probe').flags[key];
      checks.push({
        check: `flag ${key}`,
        ok: seen === value && storedFlagValue(config, key) === value,
        detail: `the SDK serves ${JSON.stringify(seen)}`,
      });
    }
    if (expect.flags?.['ai.action.mode'] === 'draft-only' && after !== undefined) {
      checks.push({
        check: 'no automatic writes',
        ok: after.control.writesExecuted === 0,
        detail: `${after.control.writesDrafted} refunds drafted for review, ${after.control.writesExecuted} executed`,
      });
    }
    checks.push(metricBack(expect.verify, before?.control, after?.control));
  }
  const probe = new ModelClient();
  for (const url of run.healthUrls) {
    const ok = await probe.healthy(url);
    checks.push({ check: 'health', ok, detail: `${url} ${ok ? 'answers' : 'does not answer'}` });
  }
  probe.close();
  return checks;
}

/** Whether the metric whose gate fired is back at the control's baseline on post-restore traffic. */
function metricBack(
  metric: 'schema' | 'prediction',
  baseline: ArmTally | undefined,
  after: ArmTally | undefined,
): AppCheck {
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  if (after === undefined || baseline === undefined)
    return { check: 'baseline', ok: false, detail: 'no traffic to compare' };
  if (metric === 'schema') {
    const rate = after.schemaFailures / Math.max(1, after.schemaChecked);
    const base = baseline.schemaFailures / Math.max(1, baseline.schemaChecked);
    return {
      check: 'schema failures back to baseline',
      ok: after.schemaChecked >= 100 && rate <= Math.max(0.01, 2 * base),
      detail: `${pct(rate)} of ${after.schemaChecked} outputs after the restore (control before: ${pct(base)})`,
    };
  }
  const mean = after.predictionSum / Math.max(1, after.predictions);
  const base = baseline.predictionSum / Math.max(1, baseline.predictions);
  return {
    check: 'predictions back to baseline',
    ok: after.predictions >= 100 && Math.abs(mean - base) / base < 0.03,
    detail: `mean surge ${mean.toFixed(3)} over ${after.predictions} predictions after the restore (control before: ${base.toFixed(3)})`,
  };
}

/** What the app lost on its way: model calls failed at the network level, outcome reports not delivered. */
export function appFailures(app: SimulatedApp): string[] {
  const failures: string[] = [];
  if (app.transportFailures > 0) failures.push(`${app.transportFailures} model calls failed at the network level`);
  const stats = app.reportStats();
  if (stats.rejected + stats.failed + stats.dropped > 0)
    failures.push(
      `outcome reporting lost events: ${stats.rejected} rejected, ${stats.failed} failed, ${stats.dropped} dropped`,
    );
  return failures;
}
