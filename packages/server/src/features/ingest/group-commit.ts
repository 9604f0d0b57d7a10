/**
 * Group commit: callers submit items, and one writer persists everything submitted since its last
 * write in a single transaction. While a write is running new items queue up and share the next
 * one, so the number of transactions adapts to the store's speed rather than to the request rate.
 *
 * A failed write is retried with backoff together with the items that arrived meanwhile; an item's
 * promise resolves only once a write containing it has committed. Items are never dropped on
 * failure: what the caller already changed in memory stays consistent with what gets stored.
 */

/** How the group commit writes and reports. */
export interface GroupCommitOptions<T> {
  /** Persists one group of items in one transaction; throw to have them retried. */
  write: (items: readonly T[]) => Promise<void>;
  /** Told about every failed write (the attempt number starts at 1). */
  onError?: (error: unknown, attempt: number) => void;
  /** First retry delay after a failed write, doubling up to {@link maxBackoffMs} (default 50 ms). */
  backoffMs?: number;
  /** Longest retry delay (default 5 s). */
  maxBackoffMs?: number;
  /**
   * Awaited before each write so that work already under way (requests past their own store
   * look-ups) can still join it. Default: one turn of the event loop (`setImmediate`).
   */
  linger?: () => Promise<void>;
}

interface Waiter<T> {
  item: T;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** What a group commit has done so far. */
export interface GroupCommitStats {
  /** Successful writes (transactions). */
  writes: number;
  /** Items those writes carried. */
  items: number;
  failures: number;
}

/** Batches submitted items into shared writes. */
export class GroupCommit<T> {
  /** Counters since construction. */
  readonly stats: GroupCommitStats = { writes: 0, items: 0, failures: 0 };
  private queue: Waiter<T>[] = [];
  private group: Waiter<T>[] = [];
  private running: Promise<void> | null = null;
  private closed: Error | null = null;

  constructor(private readonly options: GroupCommitOptions<T>) {}

  /** Resolves once a write containing `item` has committed. */
  submit(item: T): Promise<void> {
    if (this.closed !== null) return Promise.reject(this.closed);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.loop();
    });
  }

  /** Items submitted and not yet committed. */
  get pending(): number {
    return this.queue.length + this.group.length;
  }

  /** Waits until everything submitted so far has been written (or abandoned). */
  async drain(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  /** Stops retrying: every waiting item is rejected with `error`, and so is every later submit. */
  abandon(error: Error): void {
    this.closed = error;
    for (const w of [...this.group, ...this.queue]) w.reject(error);
    this.group = [];
    this.queue = [];
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    while (this.closed === null && (this.group.length > 0 || this.queue.length > 0)) {
      await (this.options.linger ?? nextTurn)();
      this.group = this.group.concat(this.queue.splice(0));
      const group = this.group;
      try {
        await this.options.write(group.map((w) => w.item));
        this.group = [];
        attempt = 0;
        this.stats.writes += 1;
        this.stats.items += group.length;
        for (const w of group) w.resolve();
      } catch (error) {
        attempt += 1;
        this.stats.failures += 1;
        this.options.onError?.(error, attempt);
        const base = this.options.backoffMs ?? 50;
        await sleep(Math.min(this.options.maxBackoffMs ?? 5000, base * 2 ** (attempt - 1)));
      }
    }
    this.running = null;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
