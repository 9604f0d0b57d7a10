/**
 * `POST /v1/events` behind the route (docs/ingest.md): idempotency by batch key and by event id,
 * per-event validation and scope, attribution to a live gate session, in-memory aggregation, and a
 * 202 only once the aggregate that includes the batch is committed (group commit in
 * {@link GateSessionService}). Back-pressure: a 429 while too many events wait for their commit.
 */
import type { IngestEvent } from '@ripcord/protocol';
import type { Clock } from '../../clock.js';
import type { ErrorCode, ErrorDetail } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { BatchKeys, CoalescedLookup, DEFAULT_RECENT_KEYS } from './batch-keys.js';
import type { IngestBatchRow } from './ingest-batch-store.js';
import { MAX_BATCH_EVENTS, parseBatch } from './batch-parse.js';
import { DEFAULT_EVENT_ID_WINDOW, EventIdWindow } from './event-id-window.js';
import { applyBatch, type IngestResult, type Rejection } from './batch-apply.js';
import type { CommitItem, GateSessionService } from './gate-sessions.js';
import type { IngestBatchStore } from './ingest-batch-store.js';

/** The stores ingest reads and writes. */
export interface IngestStores {
  ingestBatches: IngestBatchStore;
}

export type { IngestResult, Rejection } from './batch-apply.js';

/** Tunables of ingest; every bound is documented in docs/ingest.md. */
export interface IngestOptions {
  /** Events parsed and waiting for their commit above which new batches get a 429. */
  maxPendingEvents: number;
  maxBatchEvents: number;
  /** Event ids remembered for deduplication. */
  eventIdWindow: number;
  /** Recent Idempotency-Key responses kept in memory. */
  recentKeys: number;
  /** How long a batch waits for its commit before the caller gets a 503 (the batch still commits). */
  commitTimeoutMs: number;
  /** How far in the future (by the server clock) an event's `at` may be. */
  maxFutureSkewMs: number;
  /** How long Idempotency-Keys are kept (at least 24 h, docs/sdk-protocol.md §6). */
  keyRetentionMs: number;
  pruneEveryMs: number;
  retryAfterSeconds: number;
}

/** Defaults of {@link IngestOptions}. */
export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  maxPendingEvents: 100_000,
  maxBatchEvents: MAX_BATCH_EVENTS,
  eventIdWindow: DEFAULT_EVENT_ID_WINDOW,
  recentKeys: DEFAULT_RECENT_KEYS,
  commitTimeoutMs: 30_000,
  maxFutureSkewMs: 5 * 60_000,
  keyRetentionMs: 24 * 3600_000,
  pruneEveryMs: 10 * 60_000,
  retryAfterSeconds: 1,
};

/** One batch as the route hands it over. */
export interface IngestInput {
  principal: Principal;
  idempotencyKey: string | undefined;
  body: string;
  format: 'json' | 'ndjson';
}

/** What became of a batch: a 202 body (maybe replayed), or a refusal with its error code. */
export type IngestOutcome =
  | { kind: 'accepted'; body: IngestResult; replayed: boolean }
  | { kind: 'refused'; code: ErrorCode; message: string; details?: ErrorDetail[]; retryAfterSeconds?: number };

/** Running totals since start (for logs and metrics). */
export interface IngestStats {
  batches: number;
  replayed: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  unattributed: number;
  rateLimited: number;
}

const refused = (code: ErrorCode, message: string, details?: ErrorDetail[]): IngestOutcome =>
  details === undefined ? { kind: 'refused', code, message } : { kind: 'refused', code, message, details };

/** Takes outcome-event batches into the live gate sessions. */
export class IngestService {
  private readonly options: IngestOptions;
  private readonly ids: EventIdWindow;
  private readonly keys: BatchKeys<IngestOutcome>;
  private readonly stored: CoalescedLookup<IngestBatchRow>;
  private pendingEvents = 0;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly totals: IngestStats = {
    batches: 0,
    replayed: 0,
    accepted: 0,
    rejected: 0,
    duplicates: 0,
    unattributed: 0,
    rateLimited: 0,
  };

  constructor(
    private readonly deps: {
      sessions: GateSessionService;
      stores: IngestStores;
      clock: Clock;
      /** Restores being verified (R7.2) see every first-seen event too. */
      verification?: { offer(event: IngestEvent): void };
    },
    options: Partial<IngestOptions> = {},
  ) {
    this.options = { ...DEFAULT_INGEST_OPTIONS, ...options };
    this.ids = new EventIdWindow(this.options.eventIdWindow);
    this.keys = new BatchKeys((o) => o.kind === 'accepted', this.options.recentKeys);
    this.stored = new CoalescedLookup(async (keys) => {
      const rows = await deps.stores.ingestBatches.getMany(keys);
      return new Map(rows.map((r) => [r.key, r]));
    });
  }

  /** Ingests one batch; resolves when it is committed, replayed, refused, or timed out (503). */
  async ingest(input: IngestInput): Promise<IngestOutcome> {
    const key = input.idempotencyKey;
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key))
      return refused('bad_request', 'Idempotency-Key must be 1–200 printable ASCII characters without spaces');
    // Keys are per token: another token's key neither replays nor blocks this batch.
    const scoped = key === undefined ? undefined : `${input.principal.tokenId}:${key}`;
    const known = scoped === undefined ? undefined : this.keys.lookup(scoped);
    if (known !== undefined) return this.withTimeout(Promise.resolve(known).then((o) => this.replay(o)));
    if (this.pendingEvents >= this.options.maxPendingEvents) {
      this.totals.rateLimited += 1;
      return {
        kind: 'refused',
        code: 'rate_limited',
        message: `ingest is behind: ${this.pendingEvents} events are waiting to be stored; retry later`,
        retryAfterSeconds: this.options.retryAfterSeconds,
      };
    }
    // Announced before the key look-up, so the commit already under way can wait for this batch.
    const arrived = this.deps.sessions.expectBatch();
    const work = (
      scoped === undefined
        ? this.process(input, undefined, arrived)
        : this.keys.run(scoped, () => this.firstTime(input, scoped, arrived))
    ).finally(arrived);
    return this.withTimeout(work);
  }

  /** Totals since start. */
  stats(): IngestStats {
    return { ...this.totals };
  }

  /** Events parsed and not yet committed. */
  get pending(): number {
    return this.pendingEvents;
  }

  private async firstTime(input: IngestInput, key: string, arrived: () => void): Promise<IngestOutcome> {
    const stored = await this.stored.get(key);
    const fresh =
      stored !== undefined && stored.at.getTime() > this.deps.clock.now().getTime() - this.options.keyRetentionMs;
    if (fresh && stored.response.status === 202)
      return this.replay({ kind: 'accepted', body: stored.response.body as IngestResult, replayed: false });
    return this.process(input, key, arrived);
  }

  private async process(input: IngestInput, key: string | undefined, arrived: () => void): Promise<IngestOutcome> {
    const parsed = parseBatch(input.body, input.format, this.options.maxBatchEvents);
    if (!parsed.ok) return refused(parsed.code, parsed.message);
    const n = parsed.items.length;
    this.pendingEvents += n;
    try {
      const now = this.deps.clock.now();
      const result = applyBatch(parsed.items, {
        principal: input.principal,
        sessions: this.deps.sessions,
        ...(this.deps.verification ? { verification: this.deps.verification } : {}),
        ids: this.ids,
        latestAtMs: now.getTime() + this.options.maxFutureSkewMs,
      });
      this.count(result);
      if (result.accepted === 0) return result.rejected.length === 0 ? accepted(result) : refuseAll(result.rejected);
      // Duplicates wait too: their first copies may still be on their way to the store.
      const committed = this.deps.sessions.commit(this.commitItem(result, key, now));
      arrived();
      await committed;
      return accepted(result);
    } finally {
      this.pendingEvents -= n;
    }
  }

  private replay(outcome: IngestOutcome): IngestOutcome {
    if (outcome.kind !== 'accepted') return outcome;
    this.totals.replayed += 1;
    return { ...outcome, replayed: true };
  }

  private commitItem(body: IngestResult, key: string | undefined, now: Date): CommitItem {
    const item: CommitItem = key === undefined ? {} : { batch: { key, response: { status: 202, body }, at: now } };
    if (now.getTime() - this.lastPrune >= this.options.pruneEveryMs) {
      this.lastPrune = now.getTime();
      item.pruneBefore = new Date(now.getTime() - this.options.keyRetentionMs);
    }
    return item;
  }

  private count(result: IngestResult): void {
    this.totals.batches += 1;
    this.totals.accepted += result.accepted;
    this.totals.rejected += result.rejected.length;
    this.totals.duplicates += result.duplicates;
    this.totals.unattributed += result.unattributed;
  }

  private withTimeout(work: Promise<IngestOutcome>): Promise<IngestOutcome> {
    const late = refused(
      'unavailable',
      'the batch was taken but is not stored yet; retry with the same Idempotency-Key to learn its outcome',
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<IngestOutcome>((resolve) => {
      timer = setTimeout(() => resolve(late), this.options.commitTimeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}

const accepted = (body: IngestResult): IngestOutcome => ({ kind: 'accepted', body, replayed: false });

/** Nothing in the batch was taken: a 4xx naming every event (403 when all were out of scope). */
function refuseAll(rejected: readonly Rejection[]): IngestOutcome {
  const details = rejected.map((r) => ({ path: `[${r.index}]`, message: r.message, index: r.index, code: r.code }));
  const first = rejected[0];
  const scopeOnly = rejected.every((r) => r.code === 'out_of_scope');
  const summary = first === undefined ? '' : `: [${first.index}] ${first.message}`;
  return refused(
    scopeOnly ? 'forbidden' : 'validation_failed',
    `no event in the batch was accepted (${rejected.length} rejected)${summary}`,
    details,
  );
}
