import { describe, expect, it } from 'vitest';
import {
  createLatencySketch,
  deserializeSketch,
  exactQuantile,
  serializeSketch,
  sketchQuantile,
  SKETCH_RELATIVE_ACCURACY,
} from './latency-sketch.js';

describe('latency sketch', () => {
  it('answers quantiles within its relative accuracy and survives serialisation', () => {
    const sketch = createLatencySketch();
    const values = Array.from({ length: 10_000 }, (_, i) => 10 + (i % 1000));
    for (const v of values) sketch.accept(v);
    const exact = exactQuantile(values, 0.99) ?? 0;
    const approx = sketchQuantile(sketch, 0.99) ?? 0;
    expect(Math.abs(approx - exact) / exact).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 1e-9);
    const restored = deserializeSketch(serializeSketch(sketch));
    expect(restored.count).toBe(10_000);
    expect(sketchQuantile(restored, 0.99)).toBeCloseTo(approx, 6);
  });

  it('serialises every change after an earlier serialisation (the text is memoised by count)', () => {
    const sketch = createLatencySketch();
    const fresh = (s: typeof sketch) => Buffer.from(s.toProto()).toString('base64');
    expect(serializeSketch(sketch)).toBe(fresh(sketch));
    for (const v of [5, 50, 500]) {
      sketch.accept(v);
      const text = serializeSketch(sketch);
      expect(text).toBe(fresh(sketch));
      expect(serializeSketch(sketch)).toBe(text);
    }
    const other = createLatencySketch();
    other.accept(7000);
    sketch.merge(other);
    expect(serializeSketch(sketch)).toBe(fresh(sketch));
    expect(deserializeSketch(serializeSketch(sketch)).count).toBe(4);
  });

  it('has no quantile when empty', () => {
    expect(sketchQuantile(createLatencySketch(), 0.5)).toBeUndefined();
    expect(exactQuantile([], 0.5)).toBeUndefined();
  });
});
