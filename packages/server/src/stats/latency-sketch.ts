/**
 * Latency quantiles with DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable
 * quantile sketch with relative-error guarantees", VLDB 2019) via @datadog/sketches-js: a p99
 * within 1 % of the true value in a few kilobytes, however many requests. Sketches merge, so a
 * window can be rebuilt from buckets, and serialise to a compact text for persistence.
 */
import { DDSketch } from '@datadog/sketches-js';

/** Relative accuracy of every latency sketch (1 %: a 400 ms threshold is judged within ±4 ms). */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

/** A new, empty sketch. */
export function createLatencySketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
}

/**
 * The value at quantile `q`, or `undefined` for an empty sketch. DDSketch answers with its bucket's
 * representative value, within 1 % of the true quantile but possibly beyond every value it saw
 * (every request at 80 ms reads 80.6 ms); the true quantile lies within [min, max], which the
 * sketch keeps exactly, so the answer is clamped to them. A sketch restored from the older protobuf
 * form has no min/max (Infinity / −Infinity) and is read unclamped.
 */
export function sketchQuantile(sketch: DDSketch, q: number): number | undefined {
  if (!(sketch.count > 0)) return undefined;
  const value = sketch.getValueAtQuantile(q);
  return sketch.min <= sketch.max ? Math.min(Math.max(value, sketch.min), sketch.max) : value;
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
 * closed buckets — no longer change; encoding each one again was most of a snapshot.
 */
const serialized = new WeakMap<DDSketch, { count: number; text: string }>();

/** Prefix of the text form (below); anything else is the older base64 protobuf form. */
const TEXT_FORM = 'dd1;';

type DenseStore = DDSketch['store'];

/** `offset;c,c,c` of a store's bins, without the zero bins at either end. */
function storeText(store: DenseStore): string {
  const bins = store.bins;
  let first = 0;
  let last = bins.length - 1;
  while (first <= last && bins[first] === 0) first++;
  while (last >= first && bins[last] === 0) last--;
  return first > last ? '0;' : `${store.offset + first};${bins.slice(first, last + 1).join(',')}`;
}

function addStoreText(store: DenseStore, offsetText: string, binsText: string): void {
  if (binsText === '') return;
  const offset = Number(offsetText);
  binsText.split(',').forEach((count, i) => {
    const weight = Number(count);
    if (weight > 0) store.add(offset + i, weight);
  });
}

/**
 * The sketch as text: `dd1;accuracy;zeroCount;count;min;max;sum;offset;bins;negOffset;negBins`
 * (bins as decimal counts from the first non-empty key). It keeps min, max and sum, which the
 * library's protobuf form drops, and is written from the sketch's public fields in one pass: the
 * library's `toProto` resolves its protobuf module with `require` on every call, which under the
 * server's loader cost more than the encoding itself (BENCHMARKS.md "Ingest").
 */
export function serializeSketch(sketch: DDSketch): string {
  const memo = serialized.get(sketch);
  if (memo !== undefined && memo.count === sketch.count) return memo.text;
  const head = [sketch.mapping.relativeAccuracy, sketch.zeroCount, sketch.count, sketch.min, sketch.max, sketch.sum];
  const text = `${TEXT_FORM}${head.join(';')};${storeText(sketch.store)};${storeText(sketch.negativeStore)}`;
  serialized.set(sketch, { count: sketch.count, text });
  return text;
}

/** The inverse of {@link serializeSketch}; also reads the base64 protobuf form of earlier versions. */
export function deserializeSketch(text: string): DDSketch {
  if (!text.startsWith(TEXT_FORM)) return DDSketch.fromProto(Buffer.from(text, 'base64'));
  const parts = text.slice(TEXT_FORM.length).split(';');
  if (parts.length !== 10) throw new Error(`a latency sketch's text has ${parts.length} fields instead of 10`);
  const [accuracy, zeroCount, count, min, max, sum, offset, bins, negOffset, negBins] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const sketch = new DDSketch({ relativeAccuracy: Number(accuracy) });
  addStoreText(sketch.store, offset, bins);
  addStoreText(sketch.negativeStore, negOffset, negBins);
  sketch.zeroCount = Number(zeroCount);
  sketch.count = Number(count);
  sketch.min = Number(min);
  sketch.max = Number(max);
  sketch.sum = Number(sum);
  return sketch;
}

/** Exact quantile of a small sample (consecutive-call windows), same rank rule as DDSketch. */
export function exactQuantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.floor(q * (sorted.length - 1));
  return sorted[rank];
}

export type { DDSketch } from '@datadog/sketches-js';
