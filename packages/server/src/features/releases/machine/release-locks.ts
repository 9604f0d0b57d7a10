/**
 * One change at a time per release. A release's timers and status are read, changed and written
 * back by the tick and by people's requests (evidence, pause, approvals...); two of them
 * interleaving would write one's stale copy over the other's change. Operations on one release
 * queue here; operations on different releases run side by side. Re-entrant: an operation that
 * holds a release's lock (a tick deciding to roll back, an approval running the rollback) calls
 * the others on the same release directly.
 *
 * In process only: several servers on one database are not supported (docs/operations.md).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-release, re-entrant, FIFO async locks. */
export class ReleaseLocks {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();

  /** Runs `fn` holding `releaseId`'s lock (at once when this call chain already holds it). */
  run<T>(releaseId: string, fn: () => Promise<T>): Promise<T> {
    const held = this.held.getStore();
    if (held?.has(releaseId)) return fn();
    const before = this.tails.get(releaseId) ?? Promise.resolve();
    const inside = new Set(held ?? []).add(releaseId);
    const result = before.then(() => this.held.run(inside, fn));
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(releaseId, tail);
    void tail.then(() => {
      if (this.tails.get(releaseId) === tail) this.tails.delete(releaseId);
    });
    return result;
  }
}
