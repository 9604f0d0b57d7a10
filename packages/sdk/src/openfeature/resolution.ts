/**
 * Turns a ripcord flag resolution into OpenFeature resolution details: reasons, error codes and
 * flag metadata (the definition's own; ripcord's evaluation facts only when asked for, so a flag
 * without metadata resolves with empty metadata as the OpenFeature suites expect).
 */
import {
  ErrorCode,
  StandardResolutionReasons,
  type FlagMetadata,
  type JsonValue as OpenFeatureJson,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import type { FlagErrorCode, JsonValue } from '@ripcord/protocol';
import type { FlagResolution } from '../evaluation/route-decision.js';

const ERROR_CODES: Record<FlagErrorCode, ErrorCode> = {
  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  WORKFLOW_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  TYPE_MISMATCH: ErrorCode.TYPE_MISMATCH,
  NOT_READY: ErrorCode.PROVIDER_NOT_READY,
  GENERAL: ErrorCode.GENERAL,
};

/** What the provider knows about the client besides the resolution itself. */
export interface ResolutionState {
  workflow: string;
  flag: string;
  revision: number;
  /** The snapshot came from the cache file and the server has not confirmed it: reason CACHED. */
  servingCache: boolean;
  /** The snapshot is not confirmed since the stream was lost: reason STALE. */
  stale: boolean;
  /** The only snapshot received was corrupt (a NOT_READY then is a PARSE_ERROR). */
  lastSnapshotRejected: boolean;
  /** Add `ripcord.*` evaluation facts to the flag metadata. */
  ripcordMetadata: boolean;
}

/** An error resolution: the caller's default, reason ERROR. */
export function errorDetails<T extends OpenFeatureJson>(
  defaultValue: T,
  errorCode: ErrorCode,
  errorMessage: string,
  flagMetadata: FlagMetadata = {},
): ResolutionDetails<T> {
  return { value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode, errorMessage, flagMetadata };
}

function metadataFor(r: FlagResolution<JsonValue>, s: ResolutionState): FlagMetadata {
  const metadata: Record<string, string | number | boolean> = { ...r.metadata };
  if (!s.ripcordMetadata) return metadata;
  metadata['ripcord.workflow'] = s.workflow;
  metadata['ripcord.revision'] = s.revision;
  if (r.errorCode === undefined) metadata['ripcord.reason'] = r.reason;
  if (r.arm !== undefined) metadata['ripcord.arm'] = r.arm;
  return metadata;
}

/** Maps a client resolution to OpenFeature resolution details. */
export function toResolutionDetails<T extends OpenFeatureJson>(
  r: FlagResolution<JsonValue>,
  defaultValue: T,
  s: ResolutionState,
): ResolutionDetails<T> {
  const flagMetadata = metadataFor(r, s);
  if (r.errorCode !== undefined) {
    const parseError = r.errorCode === 'NOT_READY' && s.lastSnapshotRejected;
    return errorDetails(
      defaultValue,
      parseError ? ErrorCode.PARSE_ERROR : ERROR_CODES[r.errorCode],
      parseError ? 'the only snapshot received was corrupt or invalid' : `${r.errorCode}: ${s.workflow}/${s.flag}`,
      flagMetadata,
    );
  }
  let reason: string = r.reason;
  if (s.servingCache) reason = StandardResolutionReasons.CACHED;
  else if (s.stale) reason = StandardResolutionReasons.STALE;
  // resolve() checked the value's category against the default's.
  const result: ResolutionDetails<T> = { value: r.value as T, reason, flagMetadata };
  if (r.variant !== undefined) result.variant = r.variant;
  return result;
}
