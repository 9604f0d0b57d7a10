/**
 * At release start, `baseline_p95_7d` from ripcord's records (`baseline-records.ts`): when a gate
 * compares with it and the ticket gives no `baselineP95Ms`, the p95 of the control bundle's
 * recorded latencies over the 7 days up to the start is frozen into the release's gate config
 * (`references.baselineP95Ms7d`), provided the records hold at least {@link BASELINE_MIN_REQUESTS}
 * requests; below that the gate stays `inconclusive`. Either way an audit entry
 * `release.baseline-recorded` (subject: the release id) says what was found.
 */
import type { GateSpec } from '../gates/index.js';
import type { GatePort } from '../releases/machine/gate-port.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { Baseline, BaselineRecords } from './baseline-records.js';
import type { GateStartOptions } from './gate-config.js';
import type { GateSessionService } from './gate-sessions.js';

/** Whether any gate of the release needs `baseline_p95_7d` and the ticket does not give it. */
export function needsRecordedBaseline(release: ReleaseRecord): boolean {
  const gates = release.spec.gates;
  if (gates === 'none-accepted') return false;
  return gates.some(
    (g: GateSpec) => g.baselineP95Ms === undefined && JSON.stringify(g.candidate ?? {}).includes('baseline_p95_7d'),
  );
}

/** What the start options carry from a baseline (nothing below the minimum sample). */
export function baselineStartOptions(baseline: Baseline): GateStartOptions {
  return baseline.p95Ms === undefined ? {} : { references: { baselineP95Ms7d: baseline.p95Ms } };
}

/** The audit details of a baseline frozen (or not) at a release's start. */
export function baselineAuditDetails(baseline: Baseline): Record<string, unknown> {
  const { bundleVersion, requests, from, to, minimum, p95Ms } = baseline;
  const window = { bundleVersion, requests, from, to, minimum };
  if (p95Ms !== undefined) return { baselineP95Ms7d: p95Ms, ...window };
  return {
    baselineP95Ms7d: null,
    ...window,
    reason:
      `ripcord's records hold ${requests} requests of ${bundleVersion} over the 7 days before the start ` +
      `(at least ${minimum} needed): gates on baseline_p95_7d stay inconclusive`,
  };
}

/** The gate sessions' port, with the recorded baseline passed to `start`. */
export function withRecordedBaseline(
  port: GatePort,
  sessions: Pick<GateSessionService, 'isLive' | 'start' | 'commit'>,
  records: Pick<BaselineRecords, 'baseline'>,
): GatePort {
  return {
    ...port,
    start: async (release, at) => {
      if (sessions.isLive(release.id) || !needsRecordedBaseline(release)) return port.start(release, at);
      const baseline = await records.baseline(release.workflow, release.environment, release.spec.control, at);
      await sessions.start(release, at, baselineStartOptions(baseline));
      await sessions.commit({
        audit: {
          at,
          actor: 'ripcord',
          action: 'release.baseline-recorded',
          subject: release.id,
          details: baselineAuditDetails(baseline),
        },
      });
    },
  };
}
