/**
 * Which running releases' gates an alert is for (docs/observability.md "Matching"): the labels
 * `ripcord_workflow` (required), `ripcord_environment` and `ripcord_release` (a release's name or
 * id) narrow the releases; the alert's name and every matcher of a `source: alert` gate pick the
 * gates; `ripcord_arm` says which arm it is about (no label: the release, hence the candidate).
 * Pure; an alert that matches nothing gets the reason, so it is recorded and listed as such.
 */
import type { Arm } from '@ripcord/protocol';
import { matchingAlertGates, type ReleaseGateState } from '../gates/index.js';
import type { SessionRelease } from '../ingest/session-index.js';
import type { AlertMatch } from './alert-store.js';
import type { IncomingAlert } from './alert-payload.js';

/** The labels ripcord reads on an alert. */
export const MATCH_LABELS = {
  workflow: 'ripcord_workflow',
  environment: 'ripcord_environment',
  release: 'ripcord_release',
  arm: 'ripcord_arm',
} as const;

/** A running release as matching sees it. */
export interface LiveRelease {
  release: SessionRelease;
  state: ReleaseGateState;
}

/** The gates an alert applies to, or why none. */
export interface MatchResult {
  matches: AlertMatch[];
  reason: string | null;
  arm: Arm | null;
}

/** The arm an alert names, `null` when it names none (then it is about the release). */
export function alertArm(labels: Readonly<Record<string, string>>): Arm | null {
  const arm = labels[MATCH_LABELS.arm];
  return arm === 'candidate' || arm === 'control' ? arm : null;
}

/** Matches an alert against the running releases. */
export function matchAlert(alert: IncomingAlert, live: readonly LiveRelease[]): MatchResult {
  const labels = alert.labels;
  const arm = alertArm(labels);
  const workflow = labels[MATCH_LABELS.workflow];
  if (workflow === undefined || workflow === '')
    return {
      matches: [],
      arm,
      reason: `no ${MATCH_LABELS.workflow} label: ripcord cannot tell which workflow it is about`,
    };
  const environment = labels[MATCH_LABELS.environment];
  const name = labels[MATCH_LABELS.release];
  const releases = live.filter(
    (l) =>
      l.release.workflow === workflow &&
      (environment === undefined || l.release.environment === environment) &&
      (name === undefined || l.release.name === name || l.release.id === name),
  );
  const scope = `${workflow}${environment === undefined ? '' : ` in ${environment}`}${name === undefined ? '' : ` named ${name}`}`;
  if (releases.length === 0) return { matches: [], arm, reason: `no running release of ${scope}` };
  const matches: AlertMatch[] = releases.flatMap((l) =>
    matchingAlertGates(l.state, alert.name, labels).map((gate) => ({
      releaseId: l.release.id,
      release: l.release.name,
      gate: gate.name,
    })),
  );
  if (matches.length > 0) return { matches, arm, reason: null };
  const names = releases.map((l) => l.release.name).join(', ');
  return { matches, arm, reason: `no source: alert gate of ${names} matches alertname ${alert.name} and its matchers` };
}
