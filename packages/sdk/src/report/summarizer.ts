/**
 * Edge summaries (docs/sdk-protocol.md §6.1): outcomes of one release × arm × bundle version ×
 * interval folded into one `summary` event — each gate-relevant metric's observations grouped by
 * value, latencies by value, errors by kind, distinct keys, and the latest outcomes that count
 * against a gate as evidence — so the server's cost follows SDK instances, not requests. An outcome
 * the summary cannot carry (no release or arm, features, a prediction, tool calls, an `oom` or
 * `crash` error) is sent as it is.
 */
import type { OutcomeEvent, SummaryEvent, SummaryGroup, SummaryMetric, SummarySample } from '@ripcord/protocol';
import { KEY_BUCKETS, keyBucket } from './key-bucket.js';

/** Evidence samples kept per metric and summary (the server keeps the latest 10 per gate). */
const SAMPLES = 10;

interface Open {
  s: SummaryEvent;
  /** Per metric, the groups by x for y = 0 and y = 1 (every carried metric has y ∈ {0, 1}). */
  groups: Map<SummaryMetric, [Map<number, SummaryGroup>, Map<number, SummaryGroup>]>;
  latency: Map<number, [number, number]>;
  keys: Set<string>;
  /** Latest outcomes against each carried metric (and of all), with their number in the summary. */
  bad: Map<string, [number, OutcomeEvent][]>;
  firstMs: number;
  lastMs: number;
  /** Distinct values held (groups, latencies, keys): bounded by `maxValues`. */
  values: number;
  /** The key bucket of the outcome being folded. */
  bucket: number;
}

const zeros = (): number[] => new Array<number>(KEY_BUCKETS).fill(0);

/** Folds outcomes into per-interval summaries; `emit` receives each closed summary. */
export class Summarizer {
  private readonly open = new Map<string, Open>();

  constructor(
    private readonly o: {
      intervalMs: number;
      maxValues: number;
      id: () => string;
      emit: (s: SummaryEvent) => void;
    },
  ) {}

  /** Folds `e` into its interval's summary; false when it must be sent as it is. */
  add(e: OutcomeEvent): boolean {
    const { release, arm } = e;
    if (release === undefined || arm === undefined || e.features !== undefined || e.prediction !== undefined)
      return false;
    if (e.toolCalls !== undefined || e.errorKind === 'oom' || e.errorKind === 'crash') return false;
    const atMs = Date.parse(e.at);
    if (!Number.isFinite(atMs)) return false;
    const start = atMs - (((atMs % this.o.intervalMs) + this.o.intervalMs) % this.o.intervalMs);
    const k = `${e.workflow}\n${e.environment}\n${release}\n${arm}\n${e.bundleVersion ?? ''}\n${start}`;
    let acc = this.open.get(k);
    if (acc === undefined) this.open.set(k, (acc = this.start(e, release, start, atMs)));
    this.fold(acc, e, atMs);
    if (acc.values >= this.o.maxValues) this.close(k, acc);
    return true;
  }

  /** Emits every summary whose interval ended at or before `nowMs` (all of them with Infinity). */
  flush(nowMs = Infinity): void {
    for (const [k, acc] of this.open) if (Date.parse(acc.s.at) + this.o.intervalMs <= nowMs) this.close(k, acc);
  }

  /** Outcomes folded into summaries not yet emitted. */
  get pending(): number {
    let n = 0;
    for (const acc of this.open.values()) n += acc.s.count;
    return n;
  }

  private start(e: OutcomeEvent, release: string, start: number, atMs: number): Open {
    const s: SummaryEvent = {
      type: 'summary',
      id: this.o.id(),
      workflow: e.workflow,
      environment: e.environment,
      release,
      arm: e.arm ?? 'control',
      at: new Date(start).toISOString(),
      intervalMs: this.o.intervalMs,
      count: 0,
      firstAt: e.at,
      lastAt: e.at,
      metrics: {},
      buckets: { count: zeros(), metrics: {} },
    };
    if (e.bundleVersion !== undefined) s.bundleVersion = e.bundleVersion;
    return {
      s,
      groups: new Map(),
      latency: new Map(),
      keys: new Set(),
      bad: new Map(),
      firstMs: atMs,
      lastMs: atMs,
      values: 0,
      bucket: 0,
    };
  }

  private fold(acc: Open, e: OutcomeEvent, atMs: number): void {
    const s = acc.s;
    s.count++;
    acc.bucket = keyBucket(e.key ?? e.requestId);
    s.buckets!.count[acc.bucket]!++;
    if (atMs < acc.firstMs) [acc.firstMs, s.firstAt] = [atMs, e.at];
    if (atMs >= acc.lastMs) [acc.lastMs, s.lastAt] = [atMs, e.at];
    const error = e.error === true || (e.error === undefined && e.errorKind !== undefined);
    this.group(acc, e, 'error_rate', error ? 1 : 0, 1, error);
    this.group(acc, e, 'safety_block_rate', e.safetyBlocked === true ? 1 : 0, 1, e.safetyBlocked === true);
    if (e.schemaValid !== undefined)
      this.group(acc, e, 'schema_failure_rate', e.schemaValid ? 0 : 1, 1, !e.schemaValid);
    if (e.converted !== undefined) this.group(acc, e, 'conversion_rate', e.converted ? 1 : 0, 1, false);
    if (e.primaryMetric !== undefined && Number.isFinite(e.primaryMetric))
      this.group(acc, e, 'primary_metric', e.primaryMetric, 1, false);
    if (e.taskSuccess !== undefined)
      this.group(acc, e, 'cost_per_successful_task', e.costUsd ?? 0, e.taskSuccess ? 1 : 0, true);
    else if (e.costUsd !== undefined) this.group(acc, e, 'cost_without_task', e.costUsd, 0, true);
    // The latest outcomes of all: evidence for gates on what a summarised outcome lacks (features).
    this.keep(acc, 'all', e);
    if (e.latencyMs !== undefined) {
      const row = acc.latency.get(e.latencyMs);
      if (row !== undefined) row[1]++;
      else {
        acc.latency.set(e.latencyMs, [e.latencyMs, 1]);
        acc.values++;
      }
    }
    if (e.errorKind !== undefined && e.error !== false) {
      const kinds = (s.errorKinds ??= {});
      kinds[e.errorKind] = (kinds[e.errorKind] ?? 0) + 1;
    }
    if (e.key !== undefined) {
      s.keyed = (s.keyed ?? 0) + 1;
      if (!acc.keys.has(e.key)) {
        acc.keys.add(e.key);
        acc.values++;
      }
    }
  }

  private group(acc: Open, e: OutcomeEvent, metric: SummaryMetric, x: number, y: number, bad: boolean): void {
    let byY = acc.groups.get(metric);
    if (byY === undefined)
      acc.groups.set(metric, (byY = [new Map<number, SummaryGroup>(), new Map<number, SummaryGroup>()]));
    const byX = byY[y === 0 ? 0 : 1];
    const g = byX.get(x);
    if (g !== undefined) g[2]++;
    else {
      const row: SummaryGroup = [x, y, 1];
      byX.set(x, row);
      (acc.s.metrics[metric] ??= []).push(row);
      acc.values++;
    }
    if (bad) this.keep(acc, metric === 'cost_without_task' ? 'cost_per_successful_task' : metric, e);
    const sums = (acc.s.buckets!.metrics[metric] ??= { x: zeros(), y: zeros(), keyed: 0 });
    sums.x[acc.bucket]! += x;
    sums.y[acc.bucket]! += y;
    if (e.key !== undefined) sums.keyed++;
  }

  private keep(acc: Open, kind: string, e: OutcomeEvent): void {
    let list = acc.bad.get(kind);
    if (list === undefined) acc.bad.set(kind, (list = []));
    list.push([acc.s.count, e]);
    if (list.length > SAMPLES) list.shift();
  }

  private close(k: string, acc: Open): void {
    this.open.delete(k);
    const s = acc.s;
    if (acc.latency.size > 0) s.latency = [...acc.latency.values()];
    if (acc.keys.size > 0) s.keys = [...acc.keys];
    // In the order the outcomes were reported, each once (the server keeps the latest per gate).
    const seen = new Map<number, OutcomeEvent>();
    for (const list of acc.bad.values()) for (const [n, e] of list) seen.set(n, e);
    if (seen.size > 0) s.samples = [...seen].sort((a, b) => a[0] - b[0]).map((p) => sample(p[1]));
    this.o.emit(s);
  }
}

/** The fields of an outcome the server keeps as evidence. */
function sample(e: OutcomeEvent): SummarySample {
  const x: SummarySample = { requestId: e.requestId, at: e.at };
  const fields = [
    'error',
    'errorKind',
    'schemaValid',
    'parserError',
    'safetyBlocked',
    'costUsd',
    'taskSuccess',
    'traceId',
  ] as const;
  for (const f of fields) if (e[f] !== undefined) (x as unknown as Record<string, unknown>)[f] = e[f];
  return x;
}
