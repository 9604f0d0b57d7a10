/**
 * Holds the last good snapshot and decides whether an incoming one replaces it: it must parse,
 * validate, be for our environment, and (for stream `revision` events) be newer. Anything else is
 * rejected whole, so the SDK keeps serving what it had (fail-static).
 */
import type { ConfigSnapshot } from '@ripcord/protocol';
import {
  compileReusing,
  unchangedWorkflows,
  type CompiledSnapshot,
  type CompiledWorkflow,
} from '../evaluation/compile-snapshot.js';
import { validateChanged } from '../evaluation/validate-snapshot.js';

/** Where a snapshot came from. `snapshot`, `poll` and `cache` are authoritative; `revision` must be newer. */
export type OfferKind = 'snapshot' | 'revision' | 'poll' | 'cache';

/** The result of {@link SnapshotStore.offer}. */
export type OfferResult =
  | { applied: true; previous: ConfigSnapshot | undefined }
  | { applied: false; ignored: true }
  | { applied: false; ignored: false; message: string };

/** Whether `snapshot` has exactly the workflows of `before`: every one of them unchanged, none added or removed. */
function sameWorkflows(
  before: CompiledSnapshot,
  snapshot: ConfigSnapshot,
  unchanged: ReadonlyMap<string, CompiledWorkflow> | undefined,
): boolean {
  const count = unchanged?.size ?? 0;
  return count === before.workflows.size && count === Object.keys(snapshot.workflows).length;
}

/** The last good snapshot, compiled. */
export class SnapshotStore {
  private compiledSnapshot: CompiledSnapshot | undefined;
  private fromCache = false;
  private lastOfferInvalid = false;

  constructor(private readonly environment: string) {}

  /** The compiled last good snapshot, if any. */
  get current(): CompiledSnapshot | undefined {
    return this.compiledSnapshot;
  }

  /** Whether the current snapshot came from the cache file (not yet confirmed by the server). */
  get servingCache(): boolean {
    return this.fromCache;
  }

  /** Whether the most recent offer was rejected as corrupt or invalid. */
  get lastRejected(): boolean {
    return this.lastOfferInvalid;
  }

  /** The server confirmed the current snapshot is current (e.g. a 304): it no longer counts as cached. */
  markConfirmed(): void {
    this.fromCache = false;
  }

  /** Offers raw JSON text (stream/poll) or an already validated snapshot (cache). */
  offer(input: string | ConfigSnapshot, kind: OfferKind): OfferResult {
    let value: unknown = input;
    if (typeof input === 'string') {
      try {
        value = JSON.parse(input);
      } catch (error) {
        return this.reject(`unparseable ${kind} message: ${(error as Error).message}`);
      }
    }
    // Workflows repeated exactly from the snapshot held were validated and compiled with it.
    const unchanged = unchangedWorkflows(value, this.compiledSnapshot);
    const result = validateChanged(value, unchanged);
    if (!result.ok) {
      const first = result.issues[0];
      return this.reject(
        `invalid ${kind} snapshot: ${first?.path ?? ''} ${first?.message ?? ''} (${result.issues.length} issue(s))`,
      );
    }
    const snapshot = result.snapshot;
    if (snapshot.environment !== this.environment) {
      return this.reject(`snapshot is for environment "${snapshot.environment}", expected "${this.environment}"`);
    }
    this.lastOfferInvalid = false;
    return this.apply(snapshot, kind, unchanged);
  }

  private apply(
    snapshot: ConfigSnapshot,
    kind: OfferKind,
    unchanged: ReadonlyMap<string, CompiledWorkflow> | undefined,
  ): OfferResult {
    const before = this.compiledSnapshot;
    if (kind === 'cache' && before !== undefined) return { applied: false, ignored: true };
    if (kind === 'revision' && before !== undefined && snapshot.revision <= before.revision) {
      return { applied: false, ignored: true };
    }
    const wasCache = this.fromCache;
    this.fromCache = kind === 'cache';
    if (before !== undefined && before.revision === snapshot.revision && sameWorkflows(before, snapshot, unchanged)) {
      // Same content again (a reconnect or poll): nothing to swap, but the server confirmed it.
      return wasCache && !this.fromCache
        ? { applied: true, previous: before.snapshot }
        : { applied: false, ignored: true };
    }
    if (unchanged !== undefined) {
      // The snapshot is ours (parsed from the message): let it hold the unchanged workflows'
      // previous objects (equal JSON), which their reused compiled forms hold anyway, rather
      // than a second copy of each.
      for (const [name, old] of unchanged) snapshot.workflows[name] = old.config;
    }
    this.compiledSnapshot = compileReusing(snapshot, unchanged);
    // What changed is computed lazily by whoever asks (change events), not on the sync path.
    return { applied: true, previous: before?.snapshot };
  }

  private reject(message: string): OfferResult {
    this.lastOfferInvalid = true;
    return { applied: false, ignored: false, message };
  }
}
