/**
 * Latency quantiles with DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable
 * quantile sketch with relative-error guarantees", VLDB 2019) via @datadog/sketches-js: a p99
 * within 1 % of the true value in a few kilobytes, however many requests. Sketches merge, so a
 * window can be rebuilt from buckets, and serialise to protobuf for persistence.
 */
import { DDSketch } from '@datadog/sketches-js';

/** Relative accuracy of every latency sketch (1 %: a 400 ms threshold is judged within ±4 ms). */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

/** A new, empty sketch. */
export function createLatencySketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
}

/** The value at quantile `q`, or `undefined` for an empty sketch. */
export function sketchQuantile(sketch: DDSketch, q: number): number | undefined {
  return sketch.count > 0 ? sketch.getValueAtQuantile(q) : undefined;
}

/** A copy of `sketch` (merge into an empty one; sketches-js has no clone). */
export function cloneSketch(sketch: DDSketch): DDSketch {
  const copy = createLatencySketch();
  if (sketch.count > 0) copy.merge(sketch);
  return copy;
}

/**
 * The last serialisation of each sketch and the count it was taken at. A sketch only changes by
 * `accept` or `merge`, and both raise its count, so an unchanged count means an unchanged sketch.
 * Gate state is persisted several times a second, and most of its sketches — the sliding windows'
 * closed buckets — no longer change; protobuf-encoding each one again was most of a snapshot.
 */
const serialized = new WeakMap<DDSketch, { count: number; text: string }>();

/** Base64 of the sketch's protobuf form (min/max/sum are not kept by the format; counts are). */
export function serializeSketch(sketch: DDSketch): string {
  const memo = serialized.get(sketch);
  if (memo !== undefined && memo.count === sketch.count) return memo.text;
  const text = Buffer.from(sketch.toProto()).toString('base64');
  serialized.set(sketch, { count: sketch.count, text });
  return text;
}

/** The inverse of {@link serializeSketch}. */
export function deserializeSketch(text: string): DDSketch {
  return DDSketch.fromProto(Buffer.from(text, 'base64'));
}

/** Exact quantile of a small sample (consecutive-call windows), same rank rule as DDSketch. */
export function exactQuantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.floor(q * (sorted.length - 1));
  return sorted[rank];
}

export type { DDSketch } from '@datadog/sketches-js';
