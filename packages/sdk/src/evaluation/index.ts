/**
 * Pure, side-effect-free evaluation: what the SDK runs on its hot path and what the server imports
 * to compute who was served what. Nothing here does I/O or reads globals.
 */
export { bucket, bucketHash, murmur3, BUCKET_SEED, BUCKET_COUNT } from '../hash/murmur3.js';
export { validateSnapshot, isValidPercent, conformsToType } from './validate-snapshot.js';
export type { ValidationIssue, ValidationResult } from './validate-snapshot.js';
export { compileSnapshot } from './compile-snapshot.js';
export type { CompiledSnapshot } from './compile-snapshot.js';
export { routeRequest } from './route-request.js';
export type { FlagDefaults } from './route-request.js';
export { evaluateFlag, resolveFlag } from './evaluate-flag.js';
export type { SnapshotSource } from './snapshot-source.js';
export type { RouteDecision, FlagResolution } from './route-decision.js';
