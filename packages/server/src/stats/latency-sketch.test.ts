import { describe, expect, it } from 'vitest';
import {
  cloneSketch,
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
    // A copy has never been serialised, so its text is computed afresh.
    const fresh = (s: typeof sketch) => serializeSketch(cloneSketch(s));
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

  it('restores every bin, zero and summary statistic exactly (min, max and sum too)', () => {
    const sketch = createLatencySketch();
    const values = [0, 0, 0.25, 3, 80, 81, 95.5, 400, 401, 12_000, 12_000.5];
    for (const v of values) sketch.accept(v);
    sketch.accept(-2); // the sketch takes negatives; latency never is, but the form must not lose them
    const restored = deserializeSketch(serializeSketch(sketch));
    expect(restored.count).toBe(values.length + 1);
    expect(restored.zeroCount).toBe(2);
    expect([restored.min, restored.max, restored.sum]).toEqual([-2, 12_000.5, sketch.sum]);
    for (const q of [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1])
      expect(restored.getValueAtQuantile(q)).toBe(sketch.getValueAtQuantile(q));
    expect(serializeSketch(restored)).toBe(serializeSketch(sketch));
  });

  it('round-trips an empty sketch, and the next value lands as in a new one', () => {
    const restored = deserializeSketch(serializeSketch(createLatencySketch()));
    expect(restored.count).toBe(0);
    expect(sketchQuantile(restored, 0.5)).toBeUndefined();
    restored.accept(42);
    const direct = createLatencySketch();
    direct.accept(42);
    expect(restored.getValueAtQuantile(0.5)).toBe(direct.getValueAtQuantile(0.5));
    expect([restored.min, restored.max, restored.count]).toEqual([42, 42, 1]);
  });

  it('still reads the base64 protobuf form that earlier versions stored', () => {
    const sketch = createLatencySketch();
    for (let i = 1; i <= 500; i++) sketch.accept(i * 1.7);
    const legacy = Buffer.from(sketch.toProto()).toString('base64');
    const restored = deserializeSketch(legacy);
    expect(restored.count).toBe(500);
    expect(restored.getValueAtQuantile(0.99)).toBeCloseTo(sketch.getValueAtQuantile(0.99), 6);
  });

  it('refuses a damaged text form instead of restoring a wrong sketch', () => {
    expect(() => deserializeSketch('dd1;0.01;0;3;1;2')).toThrow(/5 fields instead of 10/);
  });

  it('has no quantile when empty', () => {
    expect(sketchQuantile(createLatencySketch(), 0.5)).toBeUndefined();
    expect(exactQuantile([], 0.5)).toBeUndefined();
  });
});
