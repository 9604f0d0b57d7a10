/**
 * The servers a client may use (several replicas of one control plane): one at a time, the next
 * one after a failure. Sync and reporting share the list, so both move together.
 */
export class ServerList {
  private index = 0;

  constructor(private readonly urls: readonly URL[]) {}

  /** The server to use now. */
  get current(): URL {
    return this.urls[this.index]!;
  }

  /** How many servers there are. */
  get size(): number {
    return this.urls.length;
  }

  /** `failed` did not answer: move on to the next one (unless someone already has). */
  failed(failed: URL): void {
    if (failed === this.current) this.index = (this.index + 1) % this.urls.length;
  }
}
