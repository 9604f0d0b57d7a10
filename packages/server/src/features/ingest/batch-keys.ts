/**
 * Idempotency-Key bookkeeping in memory: batches in flight (a concurrent retry waits for the first
 * attempt instead of ingesting again) and a bounded list of recent responses. Older keys are found
 * in the store (`ingest_batches`, kept 24 h), where they were written in the batch's own commit.
 */

/** Default number of recent responses kept in memory (older ones are read from the store). */
export const DEFAULT_RECENT_KEYS = 10_000;

/** In-flight and recent batches by key. */
export class BatchKeys<T> {
  private readonly inflight = new Map<string, Promise<T>>();
  private readonly recent = new Map<string, T>();

  constructor(
    private readonly keep: (outcome: T) => boolean,
    private readonly capacity = DEFAULT_RECENT_KEYS,
  ) {}

  /** The outcome of a batch with this key, if one is in flight or recent. */
  lookup(key: string): Promise<T> | T | undefined {
    return this.inflight.get(key) ?? this.recent.get(key);
  }

  /**
   * Runs `work` as the one attempt for `key`. Outcomes that `keep` accepts are remembered;
   * others (refusals) are forgotten so that a retry runs again.
   */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const promise = work().then(
      (outcome) => {
        this.inflight.delete(key);
        if (this.keep(outcome)) this.remember(key, outcome);
        return outcome;
      },
      (error: unknown) => {
        this.inflight.delete(key);
        throw error;
      },
    );
    this.inflight.set(key, promise);
    return promise;
  }

  /** Remembers an outcome (e.g. one read back from the store). */
  remember(key: string, outcome: T): void {
    this.recent.delete(key);
    this.recent.set(key, outcome);
    if (this.recent.size > this.capacity) {
      const oldest = this.recent.keys().next();
      if (oldest.done !== true) this.recent.delete(oldest.value);
    }
  }
}

/**
 * Look-ups of stored keys, coalesced: every key asked for in the same turn of the event loop is
 * fetched by one query. Under load this keeps the store's single connection (PGlite) free for the
 * group commit instead of one round trip per batch.
 */
export class CoalescedLookup<T> {
  private waiting = new Map<string, ((found: T | undefined) => void)[]>();
  private failing: ((error: unknown) => void)[] = [];

  constructor(private readonly fetch: (keys: string[]) => Promise<Map<string, T>>) {}

  /** The stored value under `key`, if any. */
  get(key: string): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) setImmediate(() => void this.flush());
      const list = this.waiting.get(key);
      if (list === undefined) this.waiting.set(key, [resolve]);
      else list.push(resolve);
      this.failing.push(reject);
    });
  }

  private async flush(): Promise<void> {
    const waiting = this.waiting;
    const failing = this.failing;
    this.waiting = new Map();
    this.failing = [];
    try {
      const found = await this.fetch([...waiting.keys()]);
      for (const [key, resolvers] of waiting) for (const resolve of resolvers) resolve(found.get(key));
    } catch (error) {
      for (const reject of failing) reject(error);
    }
  }
}
