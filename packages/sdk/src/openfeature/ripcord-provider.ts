/**
 * OpenFeature server provider backed by a ripcord client. Evaluation is the client's local
 * evaluation; reasons map 1:1 (TARGETING_MATCH, DEFAULT, STATIC, SPLIT, DISABLED) except that a
 * snapshot only loaded from the cache file reports CACHED and one not confirmed since the stream
 * was lost reports STALE. Status follows the client: a token refused at boot is FATAL, a boot from
 * the cache file is STALE until the server confirms it. It never throws (OpenFeature 1.4.10, 2.3.x).
 */
import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderEvents,
  ProviderFatalError,
  type EvaluationContext as OpenFeatureContext,
  type JsonValue as OpenFeatureJson,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import type { ClientOptions } from '../client/client-options.js';
import { RipcordReadyError } from '../client/client-sync.js';
import { RipcordClient } from '../client/ripcord-client.js';
import { parseFlagKey, toRipcordContext, type WorkflowLookup } from './flag-key.js';
import { errorDetails, toResolutionDetails } from './resolution.js';
import { trackToEvent } from './track-event.js';

/** Options of {@link RipcordProvider}: an existing client, or options to create (and own) one. */
export type RipcordProviderOptions = ({ client: RipcordClient } | { clientOptions: ClientOptions }) & {
  /** Workflow for flag keys without a `workflow/` prefix and contexts without a `workflow` attribute. */
  workflow?: string;
  /** Separator between workflow and flag in flag keys (default `/`). */
  separator?: string;
  /** Context attribute naming the workflow (default `workflow`). */
  workflowAttribute?: string;
  /**
   * Add ripcord's evaluation facts to every resolution's flag metadata: `ripcord.workflow`,
   * `ripcord.revision`, `ripcord.arm` and `ripcord.reason` (the underlying reason behind CACHED or
   * STALE). Default false: flag metadata is exactly the flag definition's `metadata`.
   */
  ripcordMetadata?: boolean;
};

/** The ripcord OpenFeature provider (`@ripcord/sdk/openfeature`). */
export class RipcordProvider implements Provider {
  readonly metadata = { name: 'ripcord' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  /** The underlying client (use it for `route()` decisions). */
  readonly client: RipcordClient;
  private readonly ownsClient: boolean;
  private readonly lookup: WorkflowLookup;
  private readonly ripcordMetadata: boolean;
  /** The server refused the token after a snapshot was served (status ERROR until it answers again). */
  private refused = false;
  private readonly unsubscribe: Array<() => void>;

  constructor(options: RipcordProviderOptions) {
    this.ownsClient = !('client' in options);
    this.client = 'client' in options ? options.client : new RipcordClient(options.clientOptions);
    this.lookup = {
      defaultWorkflow: options.workflow,
      separator: options.separator ?? '/',
      workflowAttribute: options.workflowAttribute ?? 'workflow',
    };
    this.ripcordMetadata = options.ripcordMetadata ?? false;
    this.unsubscribe = [
      this.client.on('change', (e) => {
        const flagsChanged = e.workflows.flatMap((w) =>
          w.flagsChanged.map((f) => `${w.workflow}${this.lookup.separator}${f}`),
        );
        this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged, metadata: { revision: e.revision } });
      }),
      this.client.on('status', (e) => {
        if (e.status === 'stale')
          this.events.emit(ProviderEvents.Stale, {
            message: 'ripcord: connection to the control plane lost; serving the last good snapshot',
          });
        if (e.status === 'ready' && (e.previous === 'stale' || this.refused)) {
          this.refused = false;
          this.events.emit(ProviderEvents.Ready);
        }
      }),
      // A token refused after boot: the snapshot in hand keeps serving (R3.2), so ERROR, not FATAL.
      this.client.on('error', (e) => {
        if ((e.code !== 'UNAUTHORIZED' && e.code !== 'FORBIDDEN') || this.refused || this.client.revision === undefined)
          return;
        this.refused = true;
        this.events.emit(ProviderEvents.Error, { message: `ripcord: ${e.message}; serving the last snapshot` });
      }),
    ];
  }

  /**
   * Waits for the first snapshot (server or cache file). A token the server refuses (401/403)
   * rejects with PROVIDER_FATAL (OpenFeature status FATAL: nothing will change that without a new
   * token); a timeout rejects with GENERAL (status ERROR). Booted from the cache file, the provider
   * reports PROVIDER_STALE right after READY, until the server confirms the snapshot.
   */
  async initialize(): Promise<void> {
    try {
      await this.client.ready();
    } catch (error) {
      if (error instanceof RipcordReadyError && (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN'))
        throw new ProviderFatalError(`ripcord: ${error.message}`);
      throw error;
    }
    // The SDK marks the provider READY once this resolves; an unconfirmed snapshot is STALE (after it).
    if (this.client.servingCache) setImmediate(() => this.emitStaleIfUnconfirmed());
  }

  private emitStaleIfUnconfirmed(): void {
    if (!this.client.servingCache || this.client.status !== 'stale') return;
    this.events.emit(ProviderEvents.Stale, {
      message: 'ripcord: serving the snapshot from the cache file; the control plane has not confirmed it yet',
    });
  }

  /** Detaches from the client, and closes it if the provider created it. */
  async onClose(): Promise<void> {
    for (const off of this.unsubscribe) off();
    if (this.ownsClient) await this.client.close();
  }

  /** Resolves a boolean flag (see the file comment for reasons and error codes). */
  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: OpenFeatureContext,
  ): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context));
  }

  /** Resolves a string flag. */
  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: OpenFeatureContext,
  ): Promise<ResolutionDetails<string>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context));
  }

  /** Resolves a number flag. */
  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: OpenFeatureContext,
  ): Promise<ResolutionDetails<number>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context));
  }

  /** Resolves a structured flag (`string_list` or `json`: array, object or null). */
  resolveObjectEvaluation<T extends OpenFeatureJson>(
    flagKey: string,
    defaultValue: T,
    context: OpenFeatureContext,
  ): Promise<ResolutionDetails<T>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context));
  }

  /** Forwards a tracking event to `client.report()` (see track-event.ts for the mapping). Never throws. */
  track(trackingEventName: string, context: OpenFeatureContext, details: TrackingEventDetails): void {
    try {
      const ctx = context ?? {};
      const named = details?.workflow;
      const workflow = typeof named === 'string' ? named : parseFlagKey('', ctx, this.lookup).workflow;
      const event = trackToEvent(trackingEventName, workflow, ctx, details ?? {}, this.client);
      if (event !== undefined) this.client.report(event);
    } catch {
      // A hostile context or details object (a throwing getter) drops the event, never the caller.
    }
  }

  /** Resolves one flag; a null context is empty, one that cannot be read (a throwing getter) gives GENERAL. */
  private resolve<T extends OpenFeatureJson>(
    flagKey: string,
    defaultValue: T,
    context: OpenFeatureContext,
  ): ResolutionDetails<T> {
    try {
      const ctx = context ?? {};
      const { workflow, flag } = parseFlagKey(flagKey, ctx, this.lookup);
      if (workflow === undefined) {
        return errorDetails(
          defaultValue,
          ErrorCode.FLAG_NOT_FOUND,
          `no workflow for "${flagKey}": use "workflow${this.lookup.separator}flag", a "${this.lookup.workflowAttribute}" context attribute, or the provider's workflow option`,
        );
      }
      const c = this.client;
      return toResolutionDetails(c.flagDetails(workflow, flag, defaultValue, toRipcordContext(ctx)), defaultValue, {
        workflow,
        flag,
        revision: c.revision ?? 0,
        servingCache: c.servingCache,
        stale: c.status === 'stale',
        lastSnapshotRejected: c.lastSnapshotRejected,
        ripcordMetadata: this.ripcordMetadata,
      });
    } catch {
      return errorDetails(defaultValue, ErrorCode.GENERAL, 'ripcord: the evaluation context could not be read');
    }
  }
}
