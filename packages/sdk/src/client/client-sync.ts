/**
 * Client lifecycle: boots from the cache file when the server does not answer, feeds server
 * messages through the snapshot store, tracks status (ready / stale), resolves `ready()`, emits
 * change events and persists every applied server snapshot.
 */
import type { ConfigSnapshot } from '@ripcord/protocol';
import { readCacheFile } from '../sync/cache-file.js';
import { CacheWriter } from '../sync/cache-writer.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { diffSnapshots, type WorkflowChange } from '../evaluation/snapshot-diff.js';
import { ClientEmitter, type ChangeEvent, type ClientStatus } from './client-events.js';
import type { ResolvedOptions } from './client-options.js';
import { SnapshotStore, type OfferKind } from './snapshot-store.js';

/** Error thrown (as a rejection of `ready()`) when the client could not load any snapshot. */
export class RipcordReadyError extends Error {
  override readonly name = 'RipcordReadyError';
  constructor(
    message: string,
    readonly code: 'READY_TIMEOUT' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'CLOSED',
  ) {
    super(message);
  }
}

/** A base class whose constructor returns the object it is given, so a subclass can stamp private fields on it. */
class Stamp {
  constructor(target: object) {
    return target;
  }
}

/**
 * A change event's inputs, kept in private fields of the event object itself: invisible to keys,
 * spread, JSON and deep equality (a property, even a symbol, would show in some of them), and the
 * `workflows` getter can be one shared function. (An object literal with a getter closure costs
 * V8 a runtime call per event; this is a few times cheaper.)
 */
class ChangeInputs extends Stamp {
  #previous: ConfigSnapshot | undefined;
  #current: ConfigSnapshot;
  #workflows: WorkflowChange[] | undefined;

  constructor(event: object, previous: ConfigSnapshot | undefined, current: ConfigSnapshot) {
    super(event);
    this.#previous = previous;
    this.#current = current;
  }

  static workflows(event: ChangeInputs): WorkflowChange[] {
    return (event.#workflows ??= diffSnapshots(event.#previous, event.#current));
  }
}

/** `workflows`: an own enumerable getter, as an object literal's `get` would make. */
const WORKFLOWS: PropertyDescriptor = {
  get(this: ChangeInputs): WorkflowChange[] {
    return ChangeInputs.workflows(this);
  },
  enumerable: true,
  configurable: true,
};

/** A change event whose `workflows` diff is computed on first access (most listeners never read it). */
function changeEvent(
  previous: ConfigSnapshot | undefined,
  current: ConfigSnapshot,
  source: ChangeEvent['source'],
): ChangeEvent {
  const event = { revision: current.revision, previousRevision: previous?.revision, source };
  new ChangeInputs(event, previous, current);
  return Object.defineProperty(event, 'workflows', WORKFLOWS) as ChangeEvent;
}

/** Sync state shared with the client. */
export class ClientSync {
  readonly emitter = new ClientEmitter();
  readonly store: SnapshotStore;
  readonly ready: Promise<void>;
  private currentStatus: ClientStatus = 'connecting';
  private readonly engine: SyncEngine;
  private readonly writer: CacheWriter | undefined;
  private cached: Promise<ConfigSnapshot | undefined> = Promise.resolve(undefined);
  private settleReady: (error?: RipcordReadyError) => void = () => undefined;
  private readySettled = false;
  private running: Promise<void> | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly options: ResolvedOptions,
    private readonly onApplied: () => void,
  ) {
    this.store = new SnapshotStore(options.environment);
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = (error) => {
        // Settles once; every later call (one per applied snapshot) is a no-op.
        if (this.readySettled) return;
        this.readySettled = true;
        if (error === undefined) resolve();
        else reject(error);
      };
    });
    // Nobody may ever call ready(); its rejection must not become an unhandled rejection.
    this.ready.catch(() => undefined);
    this.writer =
      options.cacheFile === undefined
        ? undefined
        : new CacheWriter(options.cacheFile, (e) => this.cacheError('CACHE_WRITE_ERROR', e));
    this.engine = new SyncEngine(options, {
      offer: (text, kind) => this.offer(text, kind),
      revision: () => this.store.current?.revision,
      onStreamLive: () => this.setStatus('ready'),
      onStreamLost: () => this.setStatus('stale'),
      onPoll: (ok) => this.onPoll(ok),
      onAttemptFailed: (status) => this.onAttemptFailed(status),
      onError: (e) => this.emitter.emit('error', e),
    });
  }

  /** Current status. */
  get status(): ClientStatus {
    return this.currentStatus;
  }

  /** Starts reading the cache file and the sync loop. */
  start(): void {
    const cacheFile = this.options.cacheFile;
    if (cacheFile !== undefined) {
      this.cached = readCacheFile(cacheFile).then((r) => {
        if ('snapshot' in r) return r.snapshot;
        this.cacheError('CACHE_READ_ERROR', new Error(r.error));
        return undefined;
      });
      this.timer(this.options.cacheFallbackMs, () => void this.useCache());
    }
    // This timer holds the process open until ready() settles: a script awaiting ready() with the
    // server down must see the rejection, not exit silently (code 13) when nothing else is pending.
    const readyTimer = setTimeout(
      () =>
        this.settleReady(
          new RipcordReadyError(`no snapshot within ${this.options.readyTimeoutMs} ms`, 'READY_TIMEOUT'),
        ),
      this.options.readyTimeoutMs,
    );
    this.timers.push(readyTimer);
    void this.ready.then(
      () => clearTimeout(readyTimer),
      () => clearTimeout(readyTimer),
    );
    this.running = this.engine.start();
  }

  /** Stops syncing and waits for pending cache writes. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.engine.stop();
    await this.running;
    await this.writer?.idle();
    this.settleReady(new RipcordReadyError('client closed', 'CLOSED'));
    this.setStatus('closed');
  }

  private timer(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private offer(input: string | ConfigSnapshot, kind: OfferKind): boolean {
    const result = this.store.offer(input, kind);
    if (!result.applied) {
      if (!result.ignored) this.emitter.emit('error', { code: 'INVALID_SNAPSHOT', message: result.message });
      return result.ignored;
    }
    const current = this.store.current!;
    this.onApplied();
    if (kind !== 'cache') this.writer?.save(current.snapshot);
    this.settleReady();
    // No listener, no event object (the diff was lazy already).
    if (this.emitter.has('change')) {
      this.emitter.emit(
        'change',
        changeEvent(result.previous, current.snapshot, kind === 'cache' ? 'cache' : 'server'),
      );
    }
    return true;
  }

  private onPoll(ok: boolean): void {
    if (ok) {
      this.store.markConfirmed();
      this.setStatus('ready');
    } else if (this.store.current !== undefined) {
      this.setStatus('stale');
    } else {
      void this.useCache();
    }
  }

  private onAttemptFailed(status: number | undefined): void {
    if (status === 401)
      this.settleReady(new RipcordReadyError('the server refused the SDK token (401)', 'UNAUTHORIZED'));
    if (status === 403)
      this.settleReady(
        new RipcordReadyError('the SDK token is not scoped to this environment/workflows (403)', 'FORBIDDEN'),
      );
    void this.useCache();
  }

  private async useCache(): Promise<void> {
    const snapshot = await this.cached;
    if (snapshot === undefined || this.store.current !== undefined || this.currentStatus === 'closed') return;
    if (this.offer(snapshot, 'cache')) this.setStatus('stale');
  }

  private cacheError(code: 'CACHE_READ_ERROR' | 'CACHE_WRITE_ERROR', error: unknown): void {
    this.emitter.emit('error', { code, message: error instanceof Error ? error.message : String(error), cause: error });
  }

  private setStatus(status: ClientStatus): void {
    const previous = this.currentStatus;
    if (previous === status || previous === 'closed') return;
    this.currentStatus = status;
    this.emitter.emit('status', { status, previous });
  }
}
