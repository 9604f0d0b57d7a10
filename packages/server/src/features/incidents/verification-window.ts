/**
 * Verification sized to the traffic (R7.2): a rollback that worked must not page anyone because
 * the restored route has not served enough requests yet to read the fired gates. When the window
 * ends with a fired gate still inconclusive for want of samples (nothing failed), the window is
 * extended to when the restored route's traffic will have filled every such gate's sample need —
 * its measured rate since the restore — plus a quarter for noise, bounded by `maxMs` after the
 * restore. At the bound the gate that is still short fails verification and the incident
 * escalates. A gate fed from outside that is inconclusive without a sample need — a query with no
 * data on the restored route, an alert still firing — extends the window by one more window
 * (`stepMs`), under the same bound. Pure; docs/operations.md "Verification".
 */
import type { VerifiedGate } from '../ingest/verification-sessions.js';

/** Default verification window (a first reading), and the default bound of its extensions. */
export const VERIFICATION_WINDOW_MS = 5 * 60_000;
export const VERIFICATION_MAX_MS = 60 * 60_000;

/** An extension, as the incident records it. */
export interface WindowExtension {
  until: string;
  /** The bound: no extension goes beyond it (restore + maxMs). */
  bound: string;
  reason: string;
}

/**
 * The extension when the window has ended (`now` ≥ its end) with gates short of samples, or `null`
 * when none is due: a gate with no sample need, no restored time, or the bound reached.
 */
export function extendWindow(
  gates: readonly VerifiedGate[],
  restoredAt: string | undefined,
  now: Date,
  maxMs = VERIFICATION_MAX_MS,
  stepMs = VERIFICATION_WINDOW_MS,
): WindowExtension | null {
  const short = gates.filter((g) => g.state === 'inconclusive' && g.needed !== null && (g.samples ?? 0) < g.needed);
  const waiting = gates.filter((g) => g.state === 'inconclusive' && g.needed === null && g.source !== 'events');
  if ((short.length === 0 && waiting.length === 0) || restoredAt === undefined) return null;
  const from = Date.parse(restoredAt);
  const bound = from + maxMs;
  const nowMs = now.getTime();
  if (nowMs >= bound) return null;
  const elapsed = Math.max(nowMs - from, 1);
  let untilMs = nowMs;
  const parts: string[] = [];
  for (const g of short) {
    const have = g.samples ?? 0;
    const need = (g.needed ?? 0) - have;
    const perMs = have / elapsed;
    const eta = perMs > 0 ? (need / perMs) * 1.25 : Number.POSITIVE_INFINITY;
    untilMs = Math.max(untilMs, nowMs + eta);
    parts.push(
      perMs > 0
        ? `${g.gate} has ${have} of ${g.needed} samples at ${(perMs * 60_000).toFixed(1)}/min`
        : `${g.gate} has no samples on the restored route yet (needs ${g.needed})`,
    );
  }
  for (const g of waiting) {
    untilMs = Math.max(untilMs, nowMs + stepMs);
    parts.push(`${g.gate} waits: ${g.sentence}`);
  }
  const until = Math.min(bound, Math.ceil(untilMs));
  const capped = until === bound ? ', capped at the bound' : '';
  return {
    until: new Date(until).toISOString(),
    bound: new Date(bound).toISOString(),
    reason: `verification extended: ${parts.join('; ')}${capped}`,
  };
}
