/**
 * Alerts in (R4.5): each delivered alert is matched to running releases' `source: alert` gates and
 * applied to their live gate state (a firing alert breaches, its resolve ends the breach), then
 * recorded — matched or not, never silently dropped — with an audit entry when it starts firing or
 * resolves. Gate state is committed before the record, so a delivery that fails half-way is retried
 * by the sender and applied again, which is idempotent (a fingerprint fires or resolves once).
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { applyAlert, type AlertSignal } from '../gates/index.js';
import type { GateSessionService } from '../ingest/gate-sessions.js';
import type { VerificationSessions } from '../ingest/verification-sessions.js';
import { alertArm, matchAlert, type LiveRelease } from './alert-match.js';
import type { IncomingAlert } from './alert-payload.js';
import type { AlertMatch, AlertRecord } from './alert-store.js';
import type { AlertStore } from './alert-store.js';
import type { AuditStore } from '../audit/audit-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { Transact } from '../../db/transaction.js';

/** The stores alerts read and write (in transact, bound to its transaction). */
export interface AlertServiceStores {
  alerts: AlertStore;
  audit: AuditStore;
  releases: ReleaseStore;
}

/** What a delivery did, per alert, in the order received. */
export interface ReceivedAlert {
  id: string;
  name: string;
  status: IncomingAlert['status'];
  outcome: AlertRecord['outcome'];
  matches: AlertMatch[];
  reason: string | null;
}

/** Receives alerts from the webhook routes. */
export class AlertService {
  constructor(
    private readonly deps: {
      transact: Transact<AlertServiceStores>;
      stores: AlertServiceStores;
      clock: Clock;
      sessions: Pick<GateSessionService, 'update' | 'liveSessions' | 'commit'>;
      /** Restores being verified: an alert for their alert gates is applied there too (resolves end the wait). */
      verification?: Pick<VerificationSessions, 'update' | 'liveSessions'>;
    },
  ) {}

  /** Matches, applies and records one delivery's alerts; `actor` is who sent it. */
  async receive(alerts: readonly IncomingAlert[], actor: string): Promise<ReceivedAlert[]> {
    const now = this.deps.clock.now();
    const live: LiveRelease[] = this.deps.sessions.liveSessions();
    const verifying: LiveRelease[] = this.deps.verification?.liveSessions() ?? [];
    const results = alerts.map((alert) => {
      const running = matchAlert(alert, live);
      const restored = matchAlert(alert, verifying).matches;
      return {
        alert,
        running: running.matches,
        restored,
        matches: [...running.matches, ...restored],
        reason: running.reason,
      };
    });
    for (const { alert, running, restored } of results) {
      for (const m of running) this.apply(alert, m, now);
      for (const m of restored)
        this.deps.verification?.update(m.releaseId, (state) => applyAlert(state, m.gate, signalOf(alert, now)));
    }
    if (results.some((r) => r.running.length > 0)) await this.deps.sessions.commit({});
    return this.deps.transact(async (stores) => {
      const out: ReceivedAlert[] = [];
      for (const { alert, matches, reason } of results)
        out.push(await record(stores, alert, matches, reason, now, actor));
      return out;
    });
  }

  /** Stored alerts, newest first (`unmatched` lists the ones no gate took). */
  list(options: {
    outcome?: AlertRecord['outcome'];
    status?: AlertRecord['status'];
    limit?: number;
  }): Promise<AlertRecord[]> {
    return this.deps.stores.alerts.list({ ...options, limit: options.limit ?? 100 });
  }

  /** When any alert was last delivered (readiness reports it). */
  lastReceived(): Promise<Date | null> {
    return this.deps.stores.alerts.lastReceived();
  }

  private apply(alert: IncomingAlert, match: AlertMatch, now: Date): void {
    this.deps.sessions.update(match.releaseId, (state) => applyAlert(state, match.gate, signalOf(alert, now)));
  }
}

/** An alert delivery as a gate state takes it. */
function signalOf(alert: IncomingAlert, now: Date): AlertSignal {
  return {
    status: alert.status,
    at: now,
    fingerprint: alert.fingerprint,
    name: alert.name,
    severity: alert.severity,
    arm: alertArm(alert.labels),
    startsAt: (alert.startsAt ?? now).toISOString(),
    source: alert.source,
    summary: alert.annotations.summary ?? null,
  };
}

/** The row id of an alert occurrence: its source, fingerprint and start. */
export function alertId(alert: IncomingAlert): string {
  const key = `${alert.source}|${alert.fingerprint}|${alert.startsAt?.toISOString() ?? ''}`;
  return `alr_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** Merges a delivery into the alert's row; a start of firing or a resolve is audited and timelined. */
async function record(
  stores: AlertServiceStores,
  alert: IncomingAlert,
  matches: AlertMatch[],
  reason: string | null,
  now: Date,
  actor: string,
): Promise<ReceivedAlert> {
  const id = alertId(alert);
  const before = await stores.alerts.get(id);
  const merged = [...(before?.matches ?? [])];
  for (const m of matches) if (!merged.some((x) => x.releaseId === m.releaseId && x.gate === m.gate)) merged.push(m);
  const row = mergedRow(id, alert, before, merged, reason, now);
  await stores.alerts.save(row);
  if (before?.status !== alert.status) await recordChange(stores, row, now, actor);
  return { id, name: alert.name, status: alert.status, outcome: row.outcome, matches: merged, reason: row.reason };
}

function mergedRow(
  id: string,
  alert: IncomingAlert,
  before: AlertRecord | undefined,
  merged: AlertMatch[],
  reason: string | null,
  now: Date,
): AlertRecord {
  const resolvedNow = alert.status === 'resolved' && before?.status !== 'resolved';
  return {
    id,
    source: alert.source,
    fingerprint: alert.fingerprint,
    name: alert.name,
    status: alert.status,
    severity: alert.severity,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: alert.startsAt ?? before?.startsAt ?? now,
    endsAt: alert.endsAt,
    outcome: merged.length > 0 ? 'matched' : 'unmatched',
    matches: merged,
    reason: merged.length > 0 ? null : reason,
    firstReceivedAt: before?.firstReceivedAt ?? now,
    lastReceivedAt: now,
    resolvedAt: alert.status === 'firing' ? null : resolvedNow ? now : (before?.resolvedAt ?? now),
    deliveries: (before?.deliveries ?? 0) + 1,
  };
}

/**
 * An alert started firing or resolved: an audit entry, and an entry on the timeline of each release
 * it was applied to — so the incident of a rollback it caused names it, and shows its resolve.
 */
async function recordChange(stores: AlertServiceStores, row: AlertRecord, at: Date, actor: string): Promise<void> {
  const kind = row.status === 'firing' ? 'alert.firing' : 'alert.resolved';
  const severity = row.severity === null ? '' : ` (severity ${row.severity})`;
  const gates = row.matches.map((m) => `${m.gate} of ${m.release}`).join(', ');
  const summary =
    row.status === 'firing'
      ? `alert ${row.name}${severity} from ${row.source} is firing: it breaches ${gates}`
      : `alert ${row.name} from ${row.source} resolved`;
  const details = {
    summary,
    alert: row.id,
    name: row.name,
    source: row.source,
    fingerprint: row.fingerprint,
    severity: row.severity,
    startsAt: row.startsAt.toISOString(),
    outcome: row.outcome,
    matches: row.matches,
    reason: row.reason,
  };
  await stores.audit.append({ at, actor, action: kind, subject: row.id, details });
  const releases = [...new Set(row.matches.map((m) => m.releaseId))];
  for (const releaseId of releases) await stores.releases.addEvent({ releaseId, at, kind, actor, details });
}
