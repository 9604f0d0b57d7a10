/**
 * Accepts either a compiled snapshot or a raw one, so the server can run evaluation over the raw
 * JSON it stores. Raw snapshots are validated and compiled once and cached by identity.
 */
import type { ConfigSnapshot } from '@ripcord/protocol';
import { compileSnapshot, type CompiledSnapshot } from './compile-snapshot.js';
import { validateSnapshot } from './validate-snapshot.js';

/** A snapshot to evaluate over: compiled (fast) or raw (compiled on first use). */
export type SnapshotSource = CompiledSnapshot | ConfigSnapshot;

const cache = new WeakMap<object, CompiledSnapshot | null>();

function isCompiled(source: SnapshotSource): source is CompiledSnapshot {
  return (source as Partial<CompiledSnapshot>).compiled === true;
}

/**
 * The compiled form of `source`, or undefined when it is absent or fails validation
 * (evaluation then falls back to caller defaults instead of throwing).
 */
export function resolveCompiledSnapshot(source: SnapshotSource | undefined): CompiledSnapshot | undefined {
  if (source === undefined || source === null) return undefined;
  if (isCompiled(source)) return source;
  let compiled = cache.get(source);
  if (compiled === undefined) {
    const result = validateSnapshot(source);
    compiled = result.ok ? compileSnapshot(result.snapshot) : null;
    cache.set(source, compiled);
  }
  return compiled ?? undefined;
}
