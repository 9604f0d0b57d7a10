/**
 * Coalescing cache-file writer: at most one write in flight, and only the newest pending snapshot
 * is written next, so a burst of revisions costs two writes, not one per revision.
 */
import type { ConfigSnapshot } from '@ripcord/protocol';
import { writeCacheFile } from './cache-file.js';

/** Writes snapshots to the cache file in the background. */
export class CacheWriter {
  private pending: ConfigSnapshot | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Schedules `snapshot` to be written (replacing any not yet written). */
  save(snapshot: ConfigSnapshot): void {
    this.pending = snapshot;
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  /** Resolves when every scheduled write has finished. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async drain(): Promise<void> {
    for (let next = this.pending; next !== undefined; next = this.pending) {
      this.pending = undefined;
      try {
        await writeCacheFile(this.path, next, new Date());
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
