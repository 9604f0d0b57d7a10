/**
 * OpenFeature server provider backed by a ripcord client. Evaluation is the client's local
 * evaluation; reasons map 1:1 (TARGETING_MATCH, DEFAULT, STATIC, SPLIT) except that a snapshot
 * only loaded from the cache file reports CACHED and one not confirmed since the stream was lost
 * reports STALE (the underlying reason stays in `flagMetadata.evaluationReason`).
 */
import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderEvents,
  StandardResolutionReasons,
  type EvaluationContext as OpenFeatureContext,
  type JsonValue as OpenFeatureJson,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import type { FlagErrorCode } from '@ripcord/protocol';
import type { ClientOptions } from '../client/client-options.js';
import { RipcordClient } from '../client/ripcord-client.js';
import { parseFlagKey, toRipcordContext, type WorkflowLookup } from './flag-key.js';
import { trackToEvent } from './track-event.js';

/** Options of {@link RipcordProvider}: an existing client, or options to create (and own) one. */
export type RipcordProviderOptions = ({ client: RipcordClient } | { clientOptions: ClientOptions }) & {
  /** Workflow for flag keys without a `workflow/` prefix and contexts without a `workflow` attribute. */
  workflow?: string;
  /** Separator between workflow and flag in flag keys (default `/`). */
  separator?: string;
  /** Context attribute naming the workflow (default `workflow`). */
  workflowAttribute?: string;
};

const ERROR_CODES: Record<FlagErrorCode, ErrorCode> = {
  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  WORKFLOW_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  TYPE_MISMATCH: ErrorCode.TYPE_MISMATCH,
  NOT_READY: ErrorCode.PROVIDER_NOT_READY,
  GENERAL: ErrorCode.GENERAL,
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
  private readonly unsubscribe: Array<() => void>;

  constructor(options: RipcordProviderOptions) {
    this.ownsClient = !('client' in options);
    this.client = 'client' in options ? options.client : new RipcordClient(options.clientOptions);
    this.lookup = {
      defaultWorkflow: options.workflow,
      separator: options.separator ?? '/',
      workflowAttribute: options.workflowAttribute ?? 'workflow',
    };
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
        if (e.status === 'ready' && e.previous === 'stale') this.events.emit(ProviderEvents.Ready);
      }),
    ];
  }

  /** Waits for the first snapshot (server or cache file); rejects if none can be loaded in time. */
  async initialize(): Promise<void> {
    await this.client.ready();
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

  /** Forwards a tracking event to `client.report()` (see track-event.ts for the mapping). */
  track(trackingEventName: string, context: OpenFeatureContext, details: TrackingEventDetails): void {
    const named = details.workflow;
    const workflow = typeof named === 'string' ? named : parseFlagKey('', context, this.lookup).workflow;
    const event = trackToEvent(trackingEventName, workflow, context, details, this.client);
    if (event !== undefined) this.client.report(event);
  }

  private resolve<T extends OpenFeatureJson>(
    flagKey: string,
    defaultValue: T,
    context: OpenFeatureContext,
  ): ResolutionDetails<T> {
    const { workflow, flag } = parseFlagKey(flagKey, context, this.lookup);
    if (workflow === undefined) {
      return {
        value: defaultValue,
        reason: StandardResolutionReasons.ERROR,
        errorCode: ErrorCode.FLAG_NOT_FOUND,
        errorMessage: `no workflow for "${flagKey}": use "workflow${this.lookup.separator}flag", a "${this.lookup.workflowAttribute}" context attribute, or the provider's workflow option`,
      };
    }
    const r = this.client.flagDetails(workflow, flag, defaultValue, toRipcordContext(context));
    const revision = this.client.revision ?? 0;
    if (r.errorCode !== undefined) {
      const parseError = r.errorCode === 'NOT_READY' && this.client.lastSnapshotRejected;
      return {
        value: defaultValue,
        reason: StandardResolutionReasons.ERROR,
        errorCode: parseError ? ErrorCode.PARSE_ERROR : ERROR_CODES[r.errorCode],
        errorMessage: parseError
          ? 'the only snapshot received was corrupt or invalid'
          : `${r.errorCode}: ${workflow}/${flag}`,
        flagMetadata: { workflow, revision },
      };
    }
    const flagMetadata: Record<string, string | number | boolean> = { workflow, revision, evaluationReason: r.reason };
    if (r.arm !== undefined) flagMetadata.arm = r.arm;
    const result: ResolutionDetails<T> = { value: r.value as T, reason: this.reasonFor(r.reason), flagMetadata };
    if (r.variant !== undefined) result.variant = r.variant;
    return result;
  }

  private reasonFor(reason: string): string {
    if (this.client.servingCache) return StandardResolutionReasons.CACHED;
    if (this.client.status === 'stale') return StandardResolutionReasons.STALE;
    return reason;
  }
}
