/**
 * The client's events and a tiny typed emitter. Listener errors are caught and never reach the
 * SDK's own code paths (a buggy listener must not break routing or sync).
 */
import type { WorkflowChange } from '../evaluation/snapshot-diff.js';

/** Sync status: `connecting` (no snapshot yet), `ready` (confirmed by the server), `stale` (serving a snapshot not confirmed recently: stream lost, or only the cache file), `closed`. */
export type ClientStatus = 'connecting' | 'ready' | 'stale' | 'closed';

/** Error and warning codes the client emits. */
export type ClientErrorCode =
  | 'STREAM_ERROR'
  | 'POLL_ERROR'
  | 'INVALID_SNAPSHOT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'BAD_REQUEST'
  | 'CACHE_READ_ERROR'
  | 'CACHE_WRITE_ERROR'
  | 'NOT_READY'
  | 'WORKFLOW_NOT_FOUND'
  | 'FLAG_NOT_FOUND'
  | 'TYPE_MISMATCH'
  | 'EVALUATION_ERROR'
  | 'REPORT_FAILED'
  | 'REPORT_REJECTED'
  | 'REPORT_DROPPED';

/** An error event. Evaluation errors are emitted once per (code, workflow, flag) and snapshot. */
export interface ClientErrorEvent {
  code: ClientErrorCode;
  message: string;
  workflow?: string;
  flag?: string;
  status?: number;
  cause?: unknown;
}

/** A new snapshot was applied (also when the server first confirms a snapshot loaded from the cache file). */
export interface ChangeEvent {
  revision: number;
  previousRevision: number | undefined;
  source: 'server' | 'cache';
  /** Workflows that changed (empty when a revision touched none of ours); computed on first access. */
  readonly workflows: WorkflowChange[];
}

/** A status transition. */
export interface StatusEvent {
  status: ClientStatus;
  previous: ClientStatus;
}

/** Events are being lost: the report buffer is full (emitted once each time it fills up). */
export interface LossEvent {
  /** Events dropped since the client started (also `stats().dropped`). */
  dropped: number;
  /** The buffer's capacity (`report.maxBufferedEvents`). */
  capacity: number;
}

/** Event name → payload. */
export interface ClientEventMap {
  change: ChangeEvent;
  error: ClientErrorEvent;
  status: StatusEvent;
  loss: LossEvent;
}

/** A listener for one event. */
export type Listener<T> = (event: T) => void;

/** Typed listener sets with isolated dispatch. */
export class ClientEmitter {
  private readonly listeners: { [K in keyof ClientEventMap]: Set<Listener<ClientEventMap[K]>> } = {
    change: new Set(),
    error: new Set(),
    status: new Set(),
    loss: new Set(),
  };

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof ClientEventMap>(event: K, listener: Listener<ClientEventMap[K]>): () => void {
    const set = this.listeners[event] as Set<Listener<ClientEventMap[K]>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Whether `event` has any listener. */
  has(event: keyof ClientEventMap): boolean {
    return this.listeners[event].size > 0;
  }

  /** Calls every listener of `event`; a throwing listener is skipped, not propagated. */
  emit<K extends keyof ClientEventMap>(event: K, payload: ClientEventMap[K]): void {
    for (const listener of this.listeners[event] as Set<Listener<ClientEventMap[K]>>) {
      try {
        listener(payload);
      } catch {
        // Deliberately swallowed: see the file comment.
      }
    }
  }
}
