/**
 * ripcord's own records of the control route's latency (GATES.md: `baseline_p95_7d` is "the
 * control route's p95 over the 7 days before the release, from ripcord's records or given in the
 * ticket"). Ingest offers every first-seen event; the records keep, per workflow × environment ×
 * bundle version, one latency sketch per hour of event time for the last 7 days (168 buckets,
 * older ones dropped). When a release starts, the buckets of its **control** bundle over the 168
 * hours up to the start are merged, and their p95 is frozen into the release's gate config.
 *
 * Which events are the control route's: outcome events with a latency and a `bundleVersion` that
 * the SDK did not mark as the candidate's arm. That covers `arm: control` during a release and
 * every event served outside a release (the SDK stamps the production bundle's version, which a
 * release names as its control). Events without `bundleVersion` (the SDK served caller defaults)
 * belong to no known route and are not recorded.
 *
 * Cost on the ingest hot path: two map look-ups and one sketch `accept` per recorded event; a new
 * sketch only when an hour's bucket is first used.
 *
 * Persistence: one `gate_states` row per workflow × environment, id `baseline:<workflow>:<environment>`
 * (never a release id, which is `rel_…`, so no reader of release states lists it), written by the
 * gate sessions' group commit at most once a minute per row (and at every flush), restored at boot.
 */
import type { IngestEvent } from '@ripcord/protocol';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import { eventTimeMs } from '../gates/engine/event-time.js';
import { createLatencySketch, deserializeSketch, serializeSketch, sketchQuantile } from '../../stats/latency-sketch.js';
import type { DDSketch } from '../../stats/latency-sketch.js';
import type { GateStateJsonRow } from './gate-state-store.js';

/** Hourly buckets kept: 7 days. */
export const BASELINE_HOURS = 168;
/** Fewest recorded requests of the control bundle over 7 days for a `baseline_p95_7d`. */
export const BASELINE_MIN_REQUESTS = 1000;
/** A row is rewritten at most this often (ms of the server clock), except at a flush. */
export const BASELINE_WRITE_EVERY_MS = 60_000;
const HOUR_MS = 3_600_000;
const ROW_KIND = 'baseline-records';
const ROW_VERSION = 1;

/** Prefix of every baseline row id in `gate_states`. */
export const BASELINE_ROW_PREFIX = 'baseline:';

/** The `gate_states` row id of a workflow × environment's records. */
export const baselineRowId = (workflow: string, environment: string): string =>
  `${BASELINE_ROW_PREFIX}${encodeURIComponent(workflow)}:${encodeURIComponent(environment)}`;

/** One bundle version's hourly sketches: ring slot `hour % 168` holds hour `hourOf[slot]`. */
interface Series {
  sketches: (DDSketch | undefined)[];
  hourOf: number[];
}

/** The records of one workflow × environment. */
interface Scope {
  workflow: string;
  environment: string;
  byVersion: Map<string, Series>;
  /** Events recorded since creation, and the count at the last successful write. */
  changes: number;
  written: number;
  lastWriteMs: number;
}

/** A persisted row's JSON. */
export interface BaselineRow {
  kind: typeof ROW_KIND;
  version: typeof ROW_VERSION;
  workflow: string;
  environment: string;
  hourMs: number;
  /** By bundle version: `[hour number since the epoch, sketch text]`. */
  series: Record<string, [number, string][]>;
}

/** The 7-day baseline of a bundle at a time, as frozen into a release. */
export interface Baseline {
  workflow: string;
  environment: string;
  bundleVersion: string;
  /** Requests recorded in the window. */
  requests: number;
  /** p95 latency in ms, when `requests` reaches {@link BASELINE_MIN_REQUESTS}. */
  p95Ms: number | undefined;
  from: string;
  to: string;
  minimum: number;
}

/** The rows a commit should write, and what to call once they are committed. */
export interface BaselineTexts {
  rows: GateStateJsonRow[];
  done: () => void;
}

/** Reads every stored baseline row (the store side, `baseline-store.ts`). */
export type BaselineRowReader = () => Promise<{ rowId: string; state: unknown }[]>;

const newSeries = (): Series => ({
  sketches: new Array<DDSketch | undefined>(BASELINE_HOURS).fill(undefined),
  hourOf: new Array<number>(BASELINE_HOURS).fill(-1),
});

/** The records, fed by ingest and read at release start. */
export class BaselineRecords {
  private readonly scopes = new Map<string, Map<string, Scope>>();
  private loading: Promise<void> | undefined;
  private loaded = false;

  constructor(private readonly deps: { clock: Clock; logger: Logger; read: BaselineRowReader }) {}

  /** Ingest's hook: records an accepted, first-seen event if it is the control route's. */
  offer(event: IngestEvent): void {
    if (event.type !== 'outcome' || event.arm === 'candidate') return;
    const latency = event.latencyMs;
    const version = event.bundleVersion;
    if (latency === undefined || version === undefined || !(latency >= 0) || !Number.isFinite(latency)) return;
    const hour = Math.floor(eventTimeMs(event.at) / HOUR_MS);
    const scope = this.scope(event.workflow, event.environment);
    let series = scope.byVersion.get(version);
    if (series === undefined) scope.byVersion.set(version, (series = newSeries()));
    if (!accept(series, hour, latency)) return;
    scope.changes += 1;
    if (!this.loaded) void this.load();
  }

  /**
   * Restores the stored rows (idempotent; at boot, or at the first event or release start).
   * What was recorded before it finished is merged with what was stored, never replaced.
   */
  load(): Promise<void> {
    this.loading ??= this.readRows().then(
      () => {
        this.loaded = true;
      },
      (err: unknown) => {
        // Retried at the next event; meanwhile nothing is written over the stored rows.
        this.loading = undefined;
        this.deps.logger.error({ err }, 'baseline records not restored; retrying at the next event');
      },
    );
    return this.loading;
  }

  /**
   * The 7-day baseline of `bundleVersion` in a workflow × environment at `at`: the hourly buckets
   * of the 168 hours up to and including `at`'s hour, merged.
   */
  async baseline(workflow: string, environment: string, bundleVersion: string, at: Date): Promise<Baseline> {
    await this.load();
    const hour = Math.floor(at.getTime() / HOUR_MS);
    const merged = createLatencySketch();
    const series = this.scopes.get(workflow)?.get(environment)?.byVersion.get(bundleVersion);
    if (series !== undefined)
      for (let slot = 0; slot < BASELINE_HOURS; slot++) {
        const sketch = series.sketches[slot];
        const h = series.hourOf[slot]!;
        if (sketch !== undefined && h > hour - BASELINE_HOURS && h <= hour && sketch.count > 0) merged.merge(sketch);
      }
    const requests = merged.count;
    return {
      workflow,
      environment,
      bundleVersion,
      requests,
      p95Ms: requests >= BASELINE_MIN_REQUESTS ? sketchQuantile(merged, 0.95) : undefined,
      from: new Date((hour - BASELINE_HOURS + 1) * HOUR_MS).toISOString(),
      to: at.toISOString(),
      minimum: BASELINE_MIN_REQUESTS,
    };
  }

  /**
   * The rows the group commit writes now: each workflow × environment changed since its last
   * write, once {@link BASELINE_WRITE_EVERY_MS} has passed (or always when `flush`). Nothing
   * until the stored rows are restored, so a write never replaces records it has not read.
   * Synchronous: the texts are the records at this instant.
   */
  texts(now: Date, flush: boolean): BaselineTexts {
    const rows: GateStateJsonRow[] = [];
    const marks: [Scope, number][] = [];
    if (!this.loaded) return { rows, done: () => undefined };
    const nowMs = now.getTime();
    for (const envs of this.scopes.values())
      for (const scope of envs.values()) {
        if (scope.changes === scope.written) continue;
        if (!flush && nowMs - scope.lastWriteMs < BASELINE_WRITE_EVERY_MS) continue;
        rows.push({
          releaseId: baselineRowId(scope.workflow, scope.environment),
          ...rowText(scope, nowMs),
          updatedAt: now,
        });
        marks.push([scope, scope.changes]);
      }
    return {
      rows,
      done: () => {
        for (const [scope, changes] of marks) {
          scope.written = changes;
          scope.lastWriteMs = nowMs;
        }
      },
    };
  }

  private scope(workflow: string, environment: string): Scope {
    let envs = this.scopes.get(workflow);
    if (envs === undefined) this.scopes.set(workflow, (envs = new Map<string, Scope>()));
    let scope = envs.get(environment);
    if (scope === undefined) {
      scope = { workflow, environment, byVersion: new Map(), changes: 0, written: 0, lastWriteMs: -Infinity };
      envs.set(environment, scope);
    }
    return scope;
  }

  private async readRows(): Promise<void> {
    for (const { rowId, state } of await this.deps.read()) {
      try {
        const row = parseRow(state);
        const scope = this.scope(row.workflow, row.environment);
        for (const [version, hours] of Object.entries(row.series)) {
          let series = scope.byVersion.get(version);
          if (series === undefined) scope.byVersion.set(version, (series = newSeries()));
          for (const [hour, text] of hours) mergeHour(series, hour, deserializeSketch(text));
        }
      } catch (err) {
        this.deps.logger.error({ err, rowId }, 'a baseline records row is unreadable; it is ignored');
      }
    }
  }
}

/** Adds one latency to the bucket of `hour`; false when that hour has left the ring. */
function accept(series: Series, hour: number, latency: number): boolean {
  const slot = hour % BASELINE_HOURS;
  let sketch = series.sketches[slot];
  if (sketch === undefined || series.hourOf[slot] !== hour) {
    if (series.hourOf[slot]! > hour) return false;
    series.sketches[slot] = sketch = createLatencySketch();
    series.hourOf[slot] = hour;
  }
  sketch.accept(latency);
  return true;
}

/** Merges a stored hour into a series (a newer hour already in its slot wins). */
function mergeHour(series: Series, hour: number, sketch: DDSketch): void {
  const slot = hour % BASELINE_HOURS;
  const current = series.sketches[slot];
  const at = series.hourOf[slot]!;
  if (current !== undefined && at > hour) return;
  if (current !== undefined && at === hour) current.merge(sketch);
  else {
    series.sketches[slot] = sketch;
    series.hourOf[slot] = hour;
  }
}

/** A scope's row text, without the hours older than 7 days before `nowMs`; and its request count. */
function rowText(scope: Scope, nowMs: number): { json: string; applied: number } {
  const oldest = Math.floor(nowMs / HOUR_MS) - BASELINE_HOURS;
  const series: Record<string, [number, string][]> = {};
  let applied = 0;
  for (const [version, s] of scope.byVersion) {
    const hours: [number, string][] = [];
    for (let slot = 0; slot < BASELINE_HOURS; slot++) {
      const sketch = s.sketches[slot];
      const hour = s.hourOf[slot]!;
      if (sketch === undefined || hour <= oldest) {
        s.sketches[slot] = undefined;
        s.hourOf[slot] = -1;
        continue;
      }
      hours.push([hour, serializeSketch(sketch)]);
      applied += sketch.count;
    }
    if (hours.length === 0) scope.byVersion.delete(version);
    else series[version] = hours.sort((a, b) => a[0] - b[0]);
  }
  const row: BaselineRow = {
    kind: ROW_KIND,
    version: ROW_VERSION,
    workflow: scope.workflow,
    environment: scope.environment,
    hourMs: HOUR_MS,
    series,
  };
  return { json: JSON.stringify(row), applied };
}

function parseRow(state: unknown): BaselineRow {
  const row = state as Partial<BaselineRow> | null;
  if (row?.kind !== ROW_KIND || row.version !== ROW_VERSION || row.hourMs !== HOUR_MS)
    throw new Error(`not a baseline records row of version ${ROW_VERSION}`);
  if (typeof row.workflow !== 'string' || typeof row.environment !== 'string' || typeof row.series !== 'object')
    throw new Error('a baseline records row lacks its workflow, environment or series');
  return row as BaselineRow;
}
