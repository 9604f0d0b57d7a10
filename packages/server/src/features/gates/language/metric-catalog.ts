/**
 * The closed list of gate metrics (docs/gates.md, GATES.md "Metrics"): what each one measures,
 * which way is worse, and which gate forms and denominators make sense for it. The schema and the
 * engine both read this table, so a metric's meaning is written down exactly once.
 */

/** Every metric a gate may name. */
export const METRICS = [
  'error_rate',
  'latency_p95',
  'latency_p99',
  'schema_failure_rate',
  'cost_per_successful_task',
  'review_rejection_rate',
  'safety_block_rate',
  'confirmed_complaints',
  'health_check',
  'oom_crashes',
  'primary_metric',
  'conversion_rate',
  'prediction_error_mape',
  'missing_feature_rate',
  'prediction_distribution',
  'feature_distribution',
  'tool_call_rate',
  'tool_write_rate',
  'unsafe_tool_call_rate',
] as const;

/** The tool-call metrics (R4.1, R5.2 "unsafe tool call → disable tools"); a gate may name one `tool`. */
export const TOOL_METRICS: ReadonlySet<Metric> = new Set([
  'tool_call_rate',
  'tool_write_rate',
  'unsafe_tool_call_rate',
]);

/** One of {@link METRICS}. */
export type Metric = (typeof METRICS)[number];

/**
 * How a metric is computed over a window:
 * - `rate`: a proportion of 0/1 outcomes (numbers are fractions, `"5%"` and `"5pp"` make sense);
 * - `mean`: an average of per-request values (primary metric, MAPE);
 * - `ratio`: a sum over a sum (cost per successful task = total cost / successful tasks);
 * - `quantile`: a latency percentile, from a DDSketch;
 * - `count`, `health`, `drift`: the forms that are read literally only.
 */
export type MetricKind = 'rate' | 'mean' | 'ratio' | 'quantile' | 'count' | 'health' | 'drift';

/** Named denominators of `over:` windows (GATES.md "Windows"). */
export type WindowDenominator = 'consecutiveCalls' | 'completedTasks' | 'reviewedOutputs' | 'comparableRequests';

/** What the engine and the schema need to know about one metric. */
export interface MetricInfo {
  kind: MetricKind;
  /** Which direction is worse; drift and health are "worse" when above / failing. */
  worse: 'higher' | 'lower';
  /** Plain words for sentences ("schema failures", "p95 latency"). */
  label: string;
  /** Unit for absolute values in sentences: `%` for rates, `ms`, `USD`, or none. */
  unit: '%' | 'ms' | 'USD' | '';
  /** The `over:` denominators that fit this metric (`consecutiveCalls` = its own denominator). */
  windows: readonly WindowDenominator[];
  /** Whether the value comes from late labels keyed by request id (needs the request index). */
  lateLabels: boolean;
}

const REQUEST_WINDOWS = ['consecutiveCalls', 'comparableRequests'] as const;

/** The catalogue itself. */
export const METRIC_INFO: Readonly<Record<Metric, MetricInfo>> = {
  error_rate: {
    kind: 'rate',
    worse: 'higher',
    label: 'error rate',
    unit: '%',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
  latency_p95: {
    kind: 'quantile',
    worse: 'higher',
    label: 'p95 latency',
    unit: 'ms',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
  latency_p99: {
    kind: 'quantile',
    worse: 'higher',
    label: 'p99 latency',
    unit: 'ms',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
  schema_failure_rate: {
    kind: 'rate',
    worse: 'higher',
    label: 'schema failures',
    unit: '%',
    windows: ['consecutiveCalls'],
    lateLabels: false,
  },
  cost_per_successful_task: {
    kind: 'ratio',
    worse: 'higher',
    label: 'cost per successful task',
    unit: 'USD',
    windows: ['consecutiveCalls', 'completedTasks'],
    lateLabels: false,
  },
  review_rejection_rate: {
    kind: 'rate',
    worse: 'higher',
    label: 'review rejections',
    unit: '%',
    windows: ['consecutiveCalls', 'reviewedOutputs'],
    lateLabels: true,
  },
  safety_block_rate: {
    kind: 'rate',
    worse: 'higher',
    label: 'safety/policy blocks',
    unit: '%',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
  confirmed_complaints: {
    kind: 'count',
    worse: 'higher',
    label: 'confirmed complaints',
    unit: '',
    windows: [],
    lateLabels: true,
  },
  health_check: { kind: 'health', worse: 'higher', label: 'health check', unit: '', windows: [], lateLabels: false },
  oom_crashes: { kind: 'count', worse: 'higher', label: 'crash/OOM events', unit: '', windows: [], lateLabels: false },
  primary_metric: {
    kind: 'mean',
    worse: 'lower',
    label: 'primary metric',
    unit: '',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
  conversion_rate: {
    kind: 'rate',
    worse: 'lower',
    label: 'conversion rate',
    unit: '%',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
  prediction_error_mape: {
    kind: 'mean',
    worse: 'higher',
    label: 'prediction error (MAPE)',
    unit: '%',
    windows: ['consecutiveCalls'],
    lateLabels: true,
  },
  missing_feature_rate: {
    kind: 'rate',
    worse: 'higher',
    label: 'missing features',
    unit: '%',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
  prediction_distribution: {
    kind: 'drift',
    worse: 'higher',
    label: 'prediction distribution',
    unit: '',
    windows: [],
    lateLabels: false,
  },
  feature_distribution: {
    kind: 'drift',
    worse: 'higher',
    label: 'feature distribution',
    unit: '',
    windows: [],
    lateLabels: false,
  },
  tool_call_rate: {
    kind: 'rate',
    worse: 'higher',
    label: 'requests calling the tool',
    unit: '%',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
  tool_write_rate: {
    kind: 'rate',
    worse: 'higher',
    label: 'requests with a write tool call',
    unit: '%',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
  unsafe_tool_call_rate: {
    kind: 'rate',
    worse: 'higher',
    label: 'requests with a blocked or unsafe tool call',
    unit: '%',
    windows: REQUEST_WINDOWS,
    lateLabels: false,
  },
};

/** The quantile a latency metric names (0.95 / 0.99); `undefined` for other metrics. */
export function metricQuantile(metric: Metric): number | undefined {
  if (metric === 'latency_p95') return 0.95;
  if (metric === 'latency_p99') return 0.99;
  return undefined;
}

/** Whether values of this metric are fractions in [0, 1] (so `"5%"` and `"5pp"` apply). */
export function isFractionMetric(metric: Metric): boolean {
  return METRIC_INFO[metric].unit === '%';
}

/** Whether the metric runs a sequential test beside its literal reading (rates, means, quantiles). */
export function hasSequentialTest(metric: Metric): boolean {
  const kind = METRIC_INFO[metric].kind;
  return kind === 'rate' || kind === 'mean' || kind === 'ratio' || kind === 'quantile';
}

/**
 * Whether every observation (x, y) of the metric has x ≥ 0 and y in [0, 1], with higher worse:
 * cost per successful task (cost ≥ 0 — ingest rejects negative costs — over success 0/1) and
 * MAPE (|actual − prediction| / |actual|). Such a metric compared `above:` a fixed bound gets the
 * exact betting test (`stats/betting-mean.ts`). Not the primary metric (any sign, lower is worse)
 * nor the missing-feature rate (y counts features, so it can exceed 1).
 */
export function isNonnegativeMeasure(metric: Metric): boolean {
  return metric === 'cost_per_successful_task' || metric === 'prediction_error_mape';
}
