/**
 * The synchronous core of ingest: each entry of a parsed batch is validated, scope-checked,
 * deduplicated by id, attributed to a live gate session and applied to its in-memory aggregate.
 * It never awaits: applying a batch and submitting its commit happen in one tick, which is what
 * makes "these snapshots include exactly these batches" true in the group commit.
 */
import type { EventBatchItem, IngestEvent, SummaryEvent } from '@ripcord/protocol';
import type { Principal } from '../auth/principal.js';
import { scopeAllows } from '../auth/principal.js';
import { eventTimeMs } from '../gates/engine/event-time.js';
import { UnparsableLine } from './batch-parse.js';
import { validateEvent } from './event-check.js';
import type { EventIdWindow } from './event-id-window.js';
import type { GateSessionService } from './gate-sessions.js';
import { validateSummary } from './summary-schema.js';

/** Why one event of a batch was rejected. */
export type RejectionCode = 'malformed_json' | 'invalid_event' | 'out_of_scope' | 'future_timestamp';

/** One rejected event: its index in the batch, a code and a message naming the field. */
export interface Rejection {
  index: number;
  code: RejectionCode;
  message: string;
}

/**
 * The 202 body (docs/sdk-protocol.md §6, plus two counts). `accepted` counts every event taken,
 * including `duplicates` (already ingested, not counted again) and `unattributed` (valid, but no
 * running release to attribute it to).
 */
export interface IngestResult {
  accepted: number;
  rejected: Rejection[];
  duplicates: number;
  unattributed: number;
}

/** What applying a batch needs. */
export interface ApplyContext {
  principal: Principal;
  sessions: Pick<GateSessionService, 'route' | 'apply' | 'applySummary'>;
  /** Verification of restores (R7.2): sees every first-seen event too. */
  verification?: { offer(event: IngestEvent): void };
  ids: EventIdWindow;
  /** Events stamped later than this (server clock + allowed skew) are rejected. */
  latestAtMs: number;
}

/** Applies every acceptable entry of a batch; returns the 202 body. */
export function applyBatch(items: readonly unknown[], ctx: ApplyContext): IngestResult {
  const result: IngestResult = { accepted: 0, rejected: [], duplicates: 0, unattributed: 0 };
  const scope = scopeCheck(ctx.principal);
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item instanceof UnparsableLine) {
      result.rejected.push({ index, code: 'malformed_json', message: item.message });
      continue;
    }
    const checked = isSummary(item) ? validateSummary(item) : validateEvent(item);
    if (!checked.ok) {
      result.rejected.push({ index, code: 'invalid_event', message: checked.message });
      continue;
    }
    const event: EventBatchItem = 'summary' in checked ? checked.summary : checked.event;
    const outOfScope = scope(event.workflow, event.environment);
    if (outOfScope !== undefined) {
      result.rejected.push({ index, code: 'out_of_scope', message: outOfScope });
      continue;
    }
    if (eventTimeMs(event.at) > ctx.latestAtMs) {
      result.rejected.push({ index, code: 'future_timestamp', message: `at: ${event.at} is in the future` });
      continue;
    }
    result.accepted += 1;
    if (!ctx.ids.add(event.id)) result.duplicates += 1;
    else {
      const session = ctx.sessions.route(event);
      if (session === undefined) result.unattributed += event.type === 'summary' ? event.count : 1;
      else if (event.type === 'summary') ctx.sessions.applySummary(session, event);
      else ctx.sessions.apply(session, event);
      if (event.type !== 'summary') ctx.verification?.offer(event);
    }
  }
  return result;
}

/** An edge summary (docs/sdk-protocol.md §6.1), checked by its own schema. */
const isSummary = (item: unknown): item is Partial<SummaryEvent> =>
  typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'summary';

/** A per-batch memo of the principal's scope: `undefined` when allowed, else the reason. */
function scopeCheck(principal: Principal): (workflow: string, environment: string) => string | undefined {
  if (principal.scope === null) return () => undefined;
  const memo = new Map<string, string | undefined>();
  return (workflow, environment) => {
    const key = `${workflow}\n${environment}`;
    if (memo.has(key)) return memo.get(key);
    const reason = scopeAllows(principal, workflow, environment)
      ? undefined
      : `the token of ${principal.subject} is not scoped to ${workflow} in ${environment}`;
    memo.set(key, reason);
    return reason;
  };
}
