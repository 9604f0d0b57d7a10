/**
 * The effectiveness report (R8.2) on `/metrics`: the last 30 days per workflow, computed at scrape
 * time (one report per scrape). Labels are workflow names, levels, percentiles (p50, p90; not `quantile`, which Prometheus reserves for summaries) and cause categories.
 */
import { Gauge, type Registry } from 'prom-client';
import type { EffectivenessReport, ReportService } from './report-service.js';

/** How one gauge reads the report: `set` each labelled value. */
type Fill = (set: (labels: Record<string, string>, value: number) => void, r: EffectivenessReport) => void;

/** The `ripcord_report_*` gauges: name, help, labels and how each reads the report. */
const GAUGES: [name: string, help: string, labelNames: string[], fill: Fill][] = [
  [
    'ripcord_report_mttd_seconds',
    'MTTD over the last 30 days (target 1800 s), p50 and p90.',
    ['workflow', 'percentile'],
    (set, r) => {
      for (const s of r.workflows) {
        if (s.mttd.p50Seconds !== null) set({ workflow: s.workflow!, percentile: 'p50' }, s.mttd.p50Seconds);
        if (s.mttd.p90Seconds !== null) set({ workflow: s.workflow!, percentile: 'p90' }, s.mttd.p90Seconds);
      }
    },
  ],
  [
    'ripcord_report_mttr_seconds',
    'MTTR over the last 30 days by level (targets: level1 300 s, level2 900 s), p50 and p90.',
    ['workflow', 'level', 'percentile'],
    (set, r) => {
      for (const s of r.workflows)
        for (const m of s.mttr) {
          if (m.p50Seconds !== null) set({ workflow: s.workflow!, level: m.level, percentile: 'p50' }, m.p50Seconds);
          if (m.p90Seconds !== null) set({ workflow: s.workflow!, level: m.level, percentile: 'p90' }, m.p90Seconds);
        }
    },
  ],
  [
    'ripcord_report_first_try_ratio',
    'Rollbacks that succeeded on the first try, last 30 days (target 0.99).',
    ['workflow'],
    (set, r) => {
      for (const s of r.workflows) if (s.firstTry.rate !== null) set({ workflow: s.workflow! }, s.firstTry.rate);
    },
  ],
  [
    'ripcord_report_drill_completion_ratio',
    'Scheduled drills that passed, last 30 days (target 1).',
    ['workflow'],
    (set, r) => {
      for (const s of r.workflows) if (s.drills.rate !== null) set({ workflow: s.workflow! }, s.drills.rate);
    },
  ],
  [
    'ripcord_report_rollbacks',
    'Rollbacks in the last 30 days by level.',
    ['workflow', 'level'],
    (set, r) => {
      for (const s of r.workflows)
        for (const [level, count] of Object.entries(s.rollbacks.byLevel)) set({ workflow: s.workflow!, level }, count);
    },
  ],
  [
    'ripcord_report_blast_radius_requests',
    'Requests the bad versions served before their restore, last 30 days.',
    ['workflow'],
    (set, r) => {
      for (const s of r.workflows) set({ workflow: s.workflow! }, s.blastRadius.requests);
    },
  ],
  [
    'ripcord_report_blast_radius_keys',
    'Distinct keys the bad versions served before their restore, last 30 days.',
    ['workflow'],
    (set, r) => {
      for (const s of r.workflows) set({ workflow: s.workflow! }, s.blastRadius.distinctKeys);
    },
  ],
  [
    'ripcord_report_root_causes',
    'Reviewed incidents by root cause category, last 30 days.',
    ['workflow', 'cause'],
    (set, r) => {
      for (const s of r.workflows)
        for (const c of s.rootCauses) set({ workflow: s.workflow!, cause: c.cause }, c.count);
    },
  ],
];

/** Registers the `ripcord_report_*` gauges on `registry`. */
export function registerReportMetrics(registry: Registry, reports: Pick<ReportService, 'report'>): void {
  let last: { at: number; value: Promise<EffectivenessReport> } | undefined;
  const read = () => {
    const now = Date.now();
    if (last === undefined || now - last.at > 1000) last = { at: now, value: reports.report({ since: '30d' }) };
    return last.value;
  };
  const registers = [registry];
  for (const [name, help, labelNames, fill] of GAUGES)
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        this.reset();
        fill((labels, value) => this.set(labels, value), await read());
      },
    });
}
