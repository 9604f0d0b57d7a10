/**
 * The ingest benchmark's workload: a synthetic workflow, two bundles and a release ticket with 50
 * live gates of mixed forms (every metric, every window kind, every comparison), and batch bodies
 * of realistic events built from one template by patching ids and timestamps in place — so the
 * senders spend microseconds per batch and the server's cost is what gets measured.
 */
import { seededRandom } from '../packages/server/src/stats/random.js';

const FEATURES = ['f1', 'f2', 'f3', 'f4', 'f5'];

/** 25 gate forms; each appears twice with different thresholds/windows: 50 gates. */
function gateForms(v: number): Record<string, unknown>[] {
  const n = <T>(a: T, b: T): T => (v === 0 ? a : b);
  return [
    { metric: 'error_rate', candidate: { above: n('5%', '3%') }, severity: 'immediate' },
    {
      metric: 'error_rate',
      candidate: { above: '2x', of: 'control' },
      over: { consecutiveCalls: n(500, 1000) },
      severity: 'rapid',
    },
    { metric: 'error_rate', candidate: { worseThanControlBy: '1pp' }, within: n('5m', '30m'), severity: 'rapid' },
    { metric: 'error_rate', candidate: { above: '2%' }, sustained: n('5m', '10m'), severity: 'rapid', test: 'literal' },
    {
      metric: 'latency_p95',
      candidate: { above: '2x', of: 'baseline_p95_7d' },
      baselineP95Ms: 300,
      sustained: '30m',
      severity: 'rapid',
    },
    { metric: 'latency_p99', candidate: { above: n('5x', '3x'), of: 'sla' }, severity: 'immediate' },
    {
      metric: 'latency_p99',
      candidate: { above: '1x', of: 'sla' },
      over: { consecutiveCalls: n(200, 500) },
      severity: 'rapid',
    },
    { metric: 'latency_p95', candidate: { above: n(900, 1200) }, within: '10m', severity: 'rapid' },
    {
      metric: 'schema_failure_rate',
      candidate: { above: '1.0%' },
      control: { below: '0.2%' },
      over: { consecutiveCalls: n(200, 400) },
      severity: 'rapid',
    },
    {
      metric: 'cost_per_successful_task',
      candidate: { above: '1.25x', of: 'approved_estimate' },
      approvedEstimateUsd: 0.0042,
      over: { completedTasks: n(1000, 2000) },
      severity: 'rapid',
    },
    { metric: 'cost_per_successful_task', candidate: { worseThanControlBy: n('20%', '30%') }, severity: 'delayed' },
    {
      metric: 'review_rejection_rate',
      candidate: { worseThanControlBy: '5pp' },
      over: { reviewedOutputs: n(200, 300) },
      severity: 'rapid',
    },
    {
      metric: 'safety_block_rate',
      candidate: { above: '2x', of: 'control' },
      over: { comparableRequests: n(500, 800) },
      severity: 'rapid',
    },
    { metric: 'safety_block_rate', candidate: { above: n('3%', '4%') }, within: 'release', severity: 'immediate' },
    {
      metric: 'confirmed_complaints',
      count: { atLeast: n(3, 5), within: 'release', matchingSamples: true },
      severity: 'rapid',
    },
    { metric: 'health_check', candidate: { failing: true }, severity: 'immediate' },
    { metric: 'oom_crashes', count: { atLeast: n(1, 3), within: n('5m', '1h') }, severity: 'immediate' },
    {
      metric: 'primary_metric',
      primaryMetric: 'precision',
      slo: n(0.6, 0.55),
      candidate: { below: 'slo' },
      sustained: '10m',
      severity: 'rapid',
    },
    { metric: 'conversion_rate', candidate: { worseThanControlBy: n('10%', '15%') }, severity: 'rapid' },
    {
      metric: 'prediction_error_mape',
      candidate: { worseThanControlBy: n('15%', '25%') },
      sustained: '24h',
      severity: 'delayed',
    },
    { metric: 'missing_feature_rate', candidate: { above: n('2%', '5%') }, severity: 'rapid' },
    {
      metric: 'missing_feature_rate',
      features: ['f1', 'f2'],
      candidate: { above: '1%' },
      over: { consecutiveCalls: 300 },
      severity: 'rapid',
    },
    {
      metric: 'prediction_distribution',
      candidate: { driftFromControl: { method: n('psi', 'js'), above: 0.2 } },
      severity: 'rapid',
    },
    {
      metric: 'feature_distribution',
      features: n(['f1', 'f3'], ['f2', 'f4', 'f5']),
      candidate: { driftFromControl: { method: 'kl', above: 0.1 } },
      severity: 'rapid',
    },
    {
      metric: 'feature_distribution',
      features: ['f1'],
      candidate: { driftFromControl: { method: 'psi', above: n(0.25, 0.3) } },
      within: 'release',
      severity: 'rapid',
    },
  ];
}

/** Metrics whose values arrive as late labels (the engine keeps a request index for them). */
const LATE_LABELS = new Set(['review_rejection_rate', 'prediction_error_mape', 'confirmed_complaints']);

/** Stand-ins for the late-label forms when they are left out (the count stays 50). */
const STAND_INS: Record<string, unknown>[] = [
  { metric: 'conversion_rate', candidate: { below: '20%' }, over: { consecutiveCalls: 400 }, severity: 'rapid' },
  { metric: 'latency_p99', candidate: { above: 2000 }, within: '5m', severity: 'immediate' },
  { metric: 'primary_metric', primaryMetric: 'precision', candidate: { worseThanControlBy: '10%' }, severity: 'rapid' },
];

/** The Workflow, two Bundles and the Release with 50 gates (optionally without late-label gates). */
export function benchDocuments(options: { lateLabels?: boolean } = {}): Record<string, unknown>[] {
  const forms = (v: number) => {
    const all = gateForms(v);
    if (options.lateLabels !== false) return all;
    let next = 0;
    return all.map((g) => (LATE_LABELS.has(String(g.metric)) ? (STAND_INS[next++] ?? g) : g));
  };
  const gates = [0, 1].flatMap((v) => forms(v).map((g, i) => ({ name: `g${v}-${i}-${String(g.metric)}`, ...g })));
  const bundle = (version: string) => ({
    kind: 'Bundle',
    workflow: 'bench',
    version,
    components: {
      model: { name: 'bench-model', version },
      featurePipeline: { version: `fp-${version}`, features: FEATURES },
    },
    flags: { 'ai.route.provider': `bench-${version}` },
  });
  return [
    {
      kind: 'Workflow',
      name: 'bench',
      criticality: 'business-critical',
      type: 'realtime',
      sla: { latencyP99Ms: 400 },
      owners: { engineering: 'team-bench', incidentCommander: 'oncall-ic' },
    },
    bundle('1'),
    bundle('2'),
    {
      kind: 'Release',
      workflow: 'bench',
      environment: 'production',
      name: 'bench-50',
      control: '1',
      candidate: '2',
      plan: [{ canary: { percent: 10, bake: '60m' } }, { promote: {} }],
      gates,
      firstRollback: { restore: ['model'] },
      authority: { flipFlags: 'engineering', reduceAutomation: 'incidentCommander' },
    },
  ];
}

/** Placeholders patched per batch: 10 digits of batch number, and a 24-character ISO time. */
const BATCH = '##########';
const AT = '@@@@@@@@@@@@@@@@@@@@@@@@';

/** One batch's events with placeholders: ~94 % outcomes (10 % candidate), the rest late labels. */
function templateEvents(size: number, seed: number): Record<string, unknown>[] {
  const rng = seededRandom(seed);
  const events: Record<string, unknown>[] = [];
  const base = (i: number) => ({
    id: `b${BATCH}-${i}`,
    workflow: 'bench',
    environment: 'production',
    release: 'bench-50',
    at: AT,
  });
  for (let i = 0; events.length < size; i++) {
    const arm = rng.next() < 0.1 ? 'candidate' : 'control';
    const requestId = `r${BATCH}-${i}`;
    const features = Object.fromEntries(
      FEATURES.map((f) => [f, rng.next() < 0.01 ? null : Math.round(rng.next() * 1000) / 10]),
    );
    events.push({
      type: 'outcome',
      ...base(i),
      arm,
      bundleVersion: arm === 'candidate' ? '2' : '1',
      requestId,
      key: `user-${i % 97}`,
      latencyMs: Math.round(80 + 400 * rng.next() ** 3),
      error: rng.next() < 0.01,
      schemaValid: rng.next() > 0.001,
      costUsd: Math.round(rng.next() * 80) / 10_000,
      taskSuccess: rng.next() < 0.95,
      safetyBlocked: rng.next() < 0.01,
      primaryMetric: Math.round(rng.next() * 100) / 100,
      prediction: Math.round(rng.next() * 5000) / 100,
      converted: rng.next() < 0.3,
      features,
    });
    const label = rng.next();
    if (label < 0.04)
      events.push({
        type: 'review',
        ...base(i + 0.5),
        requestId,
        verdict: rng.next() < 0.08 ? 'rejected' : 'accepted',
      });
    else if (label < 0.06)
      events.push({
        type: 'ground_truth',
        ...base(i + 0.5),
        requestId,
        actual: 1 + Math.round(rng.next() * 5000) / 100,
      });
    else if (label < 0.061) events.push({ type: 'complaint', ...base(i + 0.5), sampleId: requestId, confirmed: true });
  }
  return events.slice(0, size);
}

function offsetsOf(body: Buffer, marker: string): number[] {
  const out: number[] = [];
  for (let at = body.indexOf(marker); at >= 0; at = body.indexOf(marker, at + marker.length)) out.push(at);
  return out;
}

/** Makes batch bodies: unique event ids per batch number, stamped with the current time. */
export function batchMaker(size: number, seed = 1): { bytes: number; make: (batch: number, at: Date) => Buffer } {
  const template = Buffer.from(JSON.stringify(templateEvents(size, seed)), 'latin1');
  const ids = offsetsOf(template, BATCH);
  const ats = offsetsOf(template, AT);
  return {
    bytes: template.length,
    make: (batch, at) => {
      const body = Buffer.from(template);
      const digits = String(batch).padStart(10, '0');
      const iso = at.toISOString();
      for (const o of ids) body.write(digits, o, 'latin1');
      for (const o of ats) body.write(iso, o, 'latin1');
      return body;
    },
  };
}
