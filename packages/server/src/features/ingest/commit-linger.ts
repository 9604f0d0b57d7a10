/**
 * How long the group commit waits before opening its transaction. Batches that ingest has admitted
 * but not yet applied (they are parsing, or looking up their Idempotency-Key) announce themselves;
 * the commit waits for them — at most {@link DEFAULT_MAX_LINGER_MS} — so that one snapshot carries
 * them all instead of a snapshot per batch. With nothing announced it waits one event-loop turn.
 */

/** Longest wait for announced batches before a commit starts without them. */
export const DEFAULT_MAX_LINGER_MS = 10;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Counts batches on their way to a commit. */
export class CommitLinger {
  private expected = 0;
  private waiters = new Set<() => void>();

  constructor(private readonly maxWaitMs = DEFAULT_MAX_LINGER_MS) {}

  /** One more batch is on its way; call the returned function once it has joined or given up. */
  expect(): () => void {
    this.expected += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.expected -= 1;
      if (this.expected === 0) for (const wake of [...this.waiters]) wake();
    };
  }

  /** Resolves when no announced batch is still on its way, or after the maximum wait. */
  settle(): Promise<void> {
    if (this.expected === 0) return nextTurn();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.maxWaitMs);
      this.waiters.add(wake);
    });
  }
}
