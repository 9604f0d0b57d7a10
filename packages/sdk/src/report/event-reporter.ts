/**
 * Outcome reporting: a bounded buffer (oldest dropped first, counted) drained in batches to
 * `POST /v1/events`, one request in flight, each batch with its own Idempotency-Key reused across
 * its retries (jittered exponential backoff, honouring Retry-After) for as long as the outage
 * lasts — on the next server after each failure when there are several. Events are lost only when
 * the buffer is full (counted in `dropped`, announced by an `onLoss` call) or at `close()`'s
 * deadline (`failed`, and `close()` says how many). Reporting never blocks or throws into the
 * application.
 */
import { randomUUID } from 'node:crypto';
import type { EventBatchItem } from '@ripcord/protocol';
import type { ClientErrorEvent, LossEvent } from '../client/client-events.js';
import type { ReportOptions } from '../client/client-options.js';
import { backoffDelay, sleep } from '../sync/backoff.js';
import type { ServerList } from '../sync/server-list.js';
import { RingBuffer } from './ring-buffer.js';
import { sendBatch } from './send-batch.js';
import { Summarizer } from './summarizer.js';
import { readSpool, Spool, type SpooledBatch } from './spool.js';

/** The server's per-request limit (docs/sdk-protocol.md §6). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Counters of the reporter. */
export interface ReportStats {
  /** Events waiting in the buffer. */
  buffered: number;
  /** Events in the batch being sent. */
  inFlight: number;
  /** Events the server accepted. */
  sent: number;
  /** Events the server rejected individually (not retried). */
  rejected: number;
  /** Events dropped because the buffer was full (oldest first). */
  dropped: number;
  /** Events given up on: retries exhausted, a permanent 4xx, oversized, or unsent at close. */
  failed: number;
  /** Outcomes folded into edge summaries (each summary then counts as one event above). */
  summarized: number;
  /** Events in the spool file at its last write (`report.spoolFile`). */
  spooled: number;
}

/** Dependencies of {@link EventReporter}. */
export interface ReporterDeps {
  servers: ServerList;
  token: string;
  options: Required<ReportOptions>;
  fetch: typeof fetch;
  random: () => number;
  onError(event: ClientErrorEvent): void;
  /** The buffer is full and the oldest events are being dropped (once per episode). */
  onLoss(loss: LossEvent): void;
}

interface Batch extends SpooledBatch {
  attempts: number;
}

/** Buffers and sends outcome events. */
export class EventReporter {
  private readonly buffer: RingBuffer<EventBatchItem>;
  private readonly abort = new AbortController();
  private readonly counters = { sent: 0, rejected: 0, dropped: 0, failed: 0, summarized: 0, spooled: 0 };
  private batch: Batch | undefined;
  /** A batch read back from the spool, or left unsent at close: sent first, under its own key. */
  private resumed: Batch | undefined;
  private readonly summarizer: Summarizer | undefined;
  private readonly spool: Spool | undefined;
  private spoolTimer: NodeJS.Timeout | undefined;
  private summaryTimer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private dropNoticeSent = false;

  constructor(private readonly deps: ReporterDeps) {
    const o = deps.options;
    this.buffer = new RingBuffer(o.maxBufferedEvents);
    if (o.summaryIntervalMs > 0) {
      this.summarizer = new Summarizer({
        intervalMs: o.summaryIntervalMs,
        maxValues: 5000,
        id: randomUUID,
        emit: (summary) => this.push(summary),
      });
      this.summaryTimer = setInterval(() => this.summarizer?.flush(Date.now()), o.summaryIntervalMs).unref();
    }
    if (o.spoolFile !== '') {
      const fail = (message: string) => deps.onError({ code: 'REPORT_FAILED', message });
      this.spool = new Spool(o.spoolFile, o.spoolMaxBytes, fail);
      const left = readSpool(o.spoolFile);
      if (left.error !== undefined) fail(left.error);
      if (left.batch !== null) this.resumed = { ...left.batch, attempts: 0 };
      for (const e of left.events) this.buffer.push(e);
      if (this.resumed !== undefined || this.buffer.size > 0) this.schedule();
    }
  }

  /** Current counters. */
  stats(): ReportStats {
    return { buffered: this.buffer.size, inFlight: this.batch?.count ?? 0, ...this.counters };
  }

  /** Buffers one complete event (or folds an outcome into its summary); false once closed. */
  enqueue(event: EventBatchItem): boolean {
    if (this.closed) return false;
    if (event.type === 'outcome' && this.summarizer?.add(event) === true) {
      this.counters.summarized++;
      return true;
    }
    this.push(event);
    return true;
  }

  private push(event: EventBatchItem): void {
    if (this.spool !== undefined && this.spoolTimer === undefined)
      this.spoolTimer = setTimeout(() => {
        this.spoolTimer = undefined;
        void this.saveSpool();
      }, this.deps.options.flushIntervalMs).unref();
    if (this.buffer.push(event)) {
      this.counters.dropped++;
      if (!this.dropNoticeSent) {
        this.dropNoticeSent = true;
        this.deps.onError({
          code: 'REPORT_DROPPED',
          message: `report buffer full (${this.buffer.capacity}); dropping oldest events`,
        });
        this.deps.onLoss({ dropped: this.counters.dropped, capacity: this.buffer.capacity });
      }
    }
    if (this.buffer.size >= this.deps.options.batchSize) this.kick();
    else this.schedule();
  }

  /** What the spool holds now: the batch being sent (or resumed), then the buffer. */
  private saveSpool(): Promise<void> {
    if (this.spool === undefined) return Promise.resolve();
    const batch = this.batch ?? this.resumed;
    const events = this.buffer.toArray();
    const spool = this.spool;
    const written = spool.write({
      batch: batch === undefined ? null : { key: batch.key, body: batch.body, count: batch.count },
      events,
    });
    const count = (batch?.count ?? 0) + events.length - spool.skipped;
    return written.then(() => {
      this.counters.spooled = count;
    });
  }

  /**
   * Sends everything buffered (and summaries open) now. Resolves when drained, or after `timeoutMs`
   * (a timer that keeps the process alive until then, so a script awaiting it never exits with
   * a pending promise) with what is still waiting; that keeps being retried in the background.
   */
  async flush(timeoutMs: number): Promise<{ pending: number }> {
    const stop = new AbortController();
    const stopOnClose = (): void => stop.abort();
    this.abort.signal.addEventListener('abort', stopOnClose, { once: true });
    try {
      await Promise.race([this.drain(), sleep(timeoutMs, stop.signal, true)]);
    } finally {
      stop.abort();
      this.abort.signal.removeEventListener('abort', stopOnClose);
    }
    return { pending: this.buffer.size + (this.batch?.count ?? 0) + (this.resumed?.count ?? 0) };
  }

  private async drain(): Promise<void> {
    this.summarizer?.flush();
    while (
      (this.buffer.size > 0 || this.resumed !== undefined || this.pumping !== undefined) &&
      !this.abort.signal.aborted
    ) {
      this.kick();
      await this.pumping;
    }
  }

  /**
   * Stops accepting events and flushes within `closeTimeoutMs` (its timer keeps the process alive
   * until then); what is left counts as failed. Resolves with the number of events not delivered.
   */
  async close(): Promise<number> {
    if (this.closed) return 0;
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.summaryTimer);
    clearTimeout(this.spoolTimer);
    const before = this.counters.failed;
    const deadline = sleep(this.deps.options.closeTimeoutMs, this.abort.signal, true);
    await Promise.race([this.drain(), deadline]);
    this.abort.abort();
    await this.pumping;
    if (this.spool !== undefined) {
      // What is left waits in the spool for the next process instead of being lost.
      await this.saveSpool();
      this.counters.failed += this.spool.skipped;
    } else this.counters.failed += this.buffer.size + (this.resumed?.count ?? 0);
    while (this.buffer.shift() !== undefined);
    return this.counters.failed - before;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.pumping !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, this.deps.options.flushIntervalMs);
    this.timer.unref();
  }

  private kick(): void {
    if (this.pumping !== undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (this.buffer.size > 0 && !this.closed) this.schedule();
    });
  }

  private async pump(): Promise<void> {
    while (!this.abort.signal.aborted) {
      const batch = this.resumed ?? this.takeBatch();
      this.resumed = undefined;
      if (batch === undefined) return;
      this.batch = batch;
      await this.saveSpool();
      await this.deliver(batch);
      this.batch = undefined;
      await this.saveSpool();
    }
  }

  private takeBatch(): Batch | undefined {
    const parts: string[] = [];
    let bytes = 2;
    for (
      let ev = this.buffer.peek();
      ev !== undefined && parts.length < this.deps.options.batchSize;
      ev = this.buffer.peek()
    ) {
      const json = JSON.stringify(ev);
      const len = Buffer.byteLength(json) + 1;
      if (len + 2 > MAX_BODY_BYTES) {
        this.buffer.shift();
        this.counters.failed++;
        this.deps.onError({
          code: 'REPORT_FAILED',
          message: `event ${ev.id} exceeds ${MAX_BODY_BYTES} bytes; dropped`,
        });
        continue;
      }
      if (bytes + len > MAX_BODY_BYTES) break;
      this.buffer.shift();
      parts.push(json);
      bytes += len;
    }
    if (parts.length === 0) return undefined;
    this.dropNoticeSent = false;
    return { key: randomUUID(), body: `[${parts.join(',')}]`, count: parts.length, attempts: 0 };
  }

  private async deliver(batch: Batch): Promise<void> {
    const { options } = this.deps;
    for (;;) {
      const server = this.deps.servers.current;
      const outcome = await sendBatch({
        url: new URL('/v1/events', server),
        token: this.deps.token,
        idempotencyKey: batch.key,
        body: batch.body,
        count: batch.count,
        timeoutMs: options.requestTimeoutMs,
        fetch: this.deps.fetch,
        signal: this.abort.signal,
      });
      if (outcome.kind === 'accepted')
        return this.accepted(batch, outcome.response.accepted, outcome.response.rejected);
      if (outcome.kind === 'permanent') return this.giveUp(batch, `server answered ${outcome.status}`, outcome.status);
      batch.attempts++;
      if (outcome.status === undefined || outcome.status >= 500) this.deps.servers.failed(server);
      if (this.abort.signal.aborted && this.spool !== undefined) {
        this.resumed = batch;
        return;
      }
      if (batch.attempts >= options.maxAttempts || this.abort.signal.aborted) {
        return this.giveUp(
          batch,
          `${batch.attempts} attempts failed (${outcome.status ?? outcome.error?.message ?? 'network'})`,
          outcome.status,
        );
      }
      const delay = Math.max(
        outcome.retryAfterMs ?? 0,
        backoffDelay(batch.attempts - 1, options.retryBaseMs, options.retryMaxMs, this.deps.random),
      );
      await sleep(delay, this.abort.signal);
    }
  }

  private accepted(
    batch: Batch,
    accepted: number,
    rejected: ReadonlyArray<{ index: number; code: string; message: string }>,
  ): void {
    this.counters.sent += Math.min(accepted, batch.count);
    this.counters.rejected += rejected.length;
    const first = rejected[0];
    if (first !== undefined) {
      this.deps.onError({
        code: 'REPORT_REJECTED',
        message: `${rejected.length} event(s) rejected; first: [${first.index}] ${first.code} ${first.message}`,
      });
    }
  }

  private giveUp(batch: Batch, why: string, status: number | undefined): void {
    this.counters.failed += batch.count;
    const event: ClientErrorEvent = {
      code: 'REPORT_FAILED',
      message: `dropped a batch of ${batch.count} event(s): ${why}`,
    };
    if (status !== undefined) event.status = status;
    this.deps.onError(event);
  }
}
