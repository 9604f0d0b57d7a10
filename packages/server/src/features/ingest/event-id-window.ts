/**
 * Idempotency by event id (docs/ingest.md): the ids of recently accepted events, in memory, bounded.
 * Two generations of at most `capacity / 2` ids each: when the current one is full the older one is
 * dropped whole, so the window always remembers the last `capacity / 2` to `capacity` ids at a
 * constant cost per event (no per-id eviction bookkeeping). At ~100 bytes per id the default
 * {@link DEFAULT_EVENT_ID_WINDOW} costs at most ~20 MB, whatever the traffic.
 */

/** Default number of event ids remembered (at least half of it is always remembered). */
export const DEFAULT_EVENT_ID_WINDOW = 200_000;

/** A bounded set of recently seen event ids. */
export class EventIdWindow {
  private current = new Set<string>();
  private previous = new Set<string>();
  private readonly generation: number;

  constructor(capacity = DEFAULT_EVENT_ID_WINDOW) {
    this.generation = Math.max(1, Math.floor(capacity / 2));
  }

  /** Records `id`; false when it was already in the window (a duplicate). */
  add(id: string): boolean {
    if (this.current.has(id) || this.previous.has(id)) return false;
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(id);
    return true;
  }

  /** Ids currently remembered. */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
