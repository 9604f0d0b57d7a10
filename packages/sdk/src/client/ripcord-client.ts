/**
 * The SDK client: local evaluation over the last good snapshot (hot path: synchronous, no I/O,
 * never throws), kept current by the sync engine, persisted to the cache file, plus outcome
 * reporting. Lifecycle wiring (boot from cache, status, ready) lives in client-sync.ts.
 */
import { randomUUID } from 'node:crypto';
import type { ConfigSnapshot, EvaluationContext, JsonValue } from '@ripcord/protocol';
import { flagOut, resolveInWorkflow, setFlagError } from '../evaluation/evaluate-flag.js';
import type { FlagResolution, RouteDecision } from '../evaluation/route-decision.js';
import { fallbackDecision, routeWorkflow, type FlagDefaults } from '../evaluation/route-request.js';
import { EventReporter, type ReportStats } from '../report/event-reporter.js';
import type { ClientErrorCode, ClientEventMap, ClientStatus, Listener } from './client-events.js';
import { ClientSync } from './client-sync.js';
import { resolveOptions, type ClientOptions, type ResolvedOptions } from './client-options.js';
import type { ReportInput } from './report-input.js';

const EMPTY_CONTEXT: EvaluationContext = Object.freeze({});

/** Widens a literal default's type (`'x'` → string) so `flag(w, k, 'x')` returns a string. */
export type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;

/** The ripcord SDK client. Create with `createClient()`. */
export class RipcordClient {
  private readonly options: ResolvedOptions;
  private readonly sync: ClientSync;
  private readonly reporter: EventReporter;
  /** Evaluation errors already emitted for the current snapshot ("emit once"). */
  private readonly reported = new Set<string>();

  constructor(options: ClientOptions) {
    this.options = resolveOptions(options);
    // Set#clear allocates a fresh table even when empty: skip it in the common case.
    this.sync = new ClientSync(this.options, () => {
      if (this.reported.size > 0) this.reported.clear();
    });
    this.reporter = new EventReporter({
      servers: this.options.servers,
      token: this.options.token,
      options: this.options.report,
      fetch: this.options.fetch,
      random: this.options.random,
      onError: (e) => this.sync.emitter.emit('error', e),
      onLoss: (loss) => this.sync.emitter.emit('loss', loss),
    });
    this.sync.start();
  }

  /** Resolves once a snapshot is loaded (from the server or the cache file); rejects on timeout or a refused token. */
  ready(): Promise<void> {
    return this.sync.ready;
  }

  /** Sync status; see {@link ClientStatus}. */
  get status(): ClientStatus {
    return this.sync.status;
  }

  /** Revision of the snapshot in use, if any. */
  get revision(): number | undefined {
    return this.sync.store.current?.revision;
  }

  /** Whether the snapshot in use came from the cache file and the server has not confirmed it yet. */
  get servingCache(): boolean {
    return this.sync.store.servingCache;
  }

  /** Whether the most recent snapshot offered was corrupt or invalid (and so not applied). */
  get lastSnapshotRejected(): boolean {
    return this.sync.store.lastRejected;
  }

  /** The raw snapshot in use (do not mutate). */
  snapshot(): ConfigSnapshot | undefined {
    return this.sync.store.current?.snapshot;
  }

  /** Adds a listener for `change`, `error` or `status`; returns a function that removes it. */
  on<K extends keyof ClientEventMap>(event: K, listener: Listener<ClientEventMap[K]>): () => void {
    return this.sync.emitter.on(event, listener);
  }

  /**
   * Routes one request: arm, bundle version and resolved flags, evaluated locally with sticky
   * bucketing on `context.key`. Synchronous, no I/O, never throws; without a usable snapshot or
   * workflow it returns `defaults` (or the client's per-workflow defaults) with a reason.
   */
  route(workflow: string, context: EvaluationContext = EMPTY_CONTEXT, defaults?: FlagDefaults): RouteDecision {
    const d = defaults ?? this.options.defaults[workflow];
    try {
      const compiled = this.sync.store.current;
      if (compiled === undefined) return this.routeFallback(workflow, 'NOT_READY', d);
      const wf = compiled.workflows.get(workflow);
      if (wf === undefined) return this.routeFallback(workflow, 'WORKFLOW_NOT_FOUND', d);
      const decision = routeWorkflow(wf, context, d);
      if (decision.typeMismatches.length > 0) {
        for (const key of decision.typeMismatches) this.evaluationError('TYPE_MISMATCH', workflow, key);
      }
      return decision;
    } catch (error) {
      this.evaluationError('EVALUATION_ERROR', workflow, undefined, error);
      return fallbackDecision(workflow, 'ERROR', d);
    }
  }

  /** One flag's value for a context, or `defaultValue` on any error (emitted once). Never throws. */
  flag<T extends JsonValue>(
    workflow: string,
    key: string,
    defaultValue: T,
    context: EvaluationContext = EMPTY_CONTEXT,
  ): Widen<T> {
    this.resolve(workflow, key, defaultValue, context);
    // resolve() checked the value's category against the default's.
    return flagOut.value as Widen<T>;
  }

  /** One flag with its variant, reason and error code (what the OpenFeature provider reports). */
  flagDetails<T extends JsonValue>(
    workflow: string,
    key: string,
    defaultValue: T,
    context: EvaluationContext = EMPTY_CONTEXT,
  ): FlagResolution<Widen<T> & JsonValue> {
    this.resolve(workflow, key, defaultValue, context);
    return {
      value: flagOut.value as Widen<T> & JsonValue,
      variant: flagOut.variant,
      reason: flagOut.reason,
      errorCode: flagOut.errorCode,
      arm: flagOut.arm,
      metadata: flagOut.metadata,
    };
  }

  /**
   * Buffers an outcome event for batched delivery; fills `id`, `at` and `environment` when absent.
   * Returns false if the client is closed. Never throws.
   */
  report(event: ReportInput): boolean {
    const full = {
      ...event,
      id: event.id ?? randomUUID(),
      at: event.at ?? new Date().toISOString(),
      environment: event.environment ?? this.options.environment,
    };
    return this.reporter.enqueue(full);
  }

  /**
   * Sends all buffered events now. Resolves when they are delivered, or after `timeoutMs` (default
   * `report.closeTimeoutMs`) with how many still wait; those keep being retried in the background.
   */
  flush(options: { timeoutMs?: number } = {}): Promise<{ pending: number }> {
    return this.reporter.flush(options.timeoutMs ?? this.options.report.closeTimeoutMs);
  }

  /** Reporting counters (sent, dropped, failed, …). */
  stats(): ReportStats {
    return this.reporter.stats();
  }

  /**
   * Stops syncing, flushes buffered events (bounded by `report.closeTimeoutMs`, whose timer keeps
   * the process alive until then) and finishes cache writes. Resolves with how many events could
   * not be delivered (buffered or in flight at the deadline) and, with `report.spoolFile`, how
   * many wait in the spool for the next start (those are not counted as undelivered).
   */
  async close(): Promise<{ undelivered: number; spooled: number }> {
    await this.sync.stop();
    const undelivered = await this.reporter.close();
    return { undelivered, spooled: this.reporter.stats().spooled };
  }

  private resolve(workflow: string, key: string, defaultValue: JsonValue, context: EvaluationContext): void {
    try {
      const compiled = this.sync.store.current;
      const wf = compiled?.workflows.get(workflow);
      if (wf !== undefined) resolveInWorkflow(wf, key, defaultValue, context);
      else setFlagError(defaultValue, compiled === undefined ? 'NOT_READY' : 'WORKFLOW_NOT_FOUND');
    } catch (error) {
      setFlagError(defaultValue, 'GENERAL');
      this.evaluationError('EVALUATION_ERROR', workflow, key, error);
      return;
    }
    const code = flagOut.errorCode;
    if (code !== undefined) this.evaluationError(code === 'GENERAL' ? 'EVALUATION_ERROR' : code, workflow, key);
  }

  private routeFallback(
    workflow: string,
    reason: 'NOT_READY' | 'WORKFLOW_NOT_FOUND',
    d: FlagDefaults | undefined,
  ): RouteDecision {
    this.evaluationError(reason, workflow, undefined);
    return fallbackDecision(workflow, reason, d);
  }

  private evaluationError(code: ClientErrorCode, workflow: string, flag: string | undefined, cause?: unknown): void {
    const id = `${code}\u0000${workflow}\u0000${flag ?? ''}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    const message = `${code} for ${workflow}${flag === undefined ? '' : `/${flag}`}; serving the caller's default`;
    const event: ClientEventMap['error'] = { code, message, workflow };
    if (flag !== undefined) event.flag = flag;
    if (cause !== undefined) event.cause = cause;
    // Listeners run outside the hot path's call stack: a slow or throwing listener cannot affect route().
    queueMicrotask(() => this.sync.emitter.emit('error', event));
  }
}
