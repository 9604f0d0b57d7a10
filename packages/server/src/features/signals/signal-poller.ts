/**
 * Polls a release's Prometheus and Datadog gates (R4.5): renders each query for each arm the gate
 * compares, runs them, and turns the answers into one reading per gate — cumulative values by
 * series for the counts form, one number per arm for the value form, or a failure with its reason
 * (an unknown source, an unreachable one, a query that does not parse, no data, NaN, several series
 * where one was meant). Pure of the gate state: the engine applies the reading.
 */
import type { Arm } from '@ripcord/protocol';
import type { CompiledGate, CountsCursor, SeriesValues, SignalReading } from '../gates/index.js';
import { datadogQuery } from './datadog-api.js';
import { prometheusQuery, type QueryOutcome } from './prometheus-api.js';
import { renderTemplate, type ReleaseVars } from './query-template.js';
import type { SignalSourceConfig } from './signal-settings.js';

/** Series per query a counts gate may follow (its cursor is kept in the gate state). */
export const MAX_SERIES = 500;

/** Runs one rendered query against a source (injectable for tests of the poller alone). */
export type QueryRunner = (
  source: SignalSourceConfig,
  query: string,
  at: Date,
  timing: { lookbackMs: number; timeoutMs: number },
) => Promise<QueryOutcome>;

/** The runner for each system: Prometheus' instant query, Datadog's metrics query. */
export const defaultRunner: QueryRunner = (source, query, at, timing) =>
  source.system === 'prometheus'
    ? prometheusQuery(source, query, timing.timeoutMs)
    : datadogQuery(source, query, at, timing.lookbackMs, timing.timeoutMs);

/**
 * The arms a gate reads: both. A comparison with control needs control's value; an absolute gate
 * reads control against its own words too, so a breach on both arms is told from the candidate's
 * own (docs/gates.md "Shared causes"). Every query selects one arm (`{{arm}}` or `{{bundle}}`).
 */
export function armsOf(_gate: CompiledGate): Arm[] {
  return ['candidate', 'control'];
}

/** Whether the gate's words need control's reading (else a control query that fails is left out). */
export function comparesWithControl(gate: CompiledGate): boolean {
  const c = gate.comparison;
  return c.kind === 'control-ratio' || c.kind === 'control-delta' || gate.controlCondition !== undefined;
}

/**
 * The arm's reading, or `undefined` when only the shared-cause comparison would have used it and it
 * failed. An arm asked for by name (`required`: a verification reading the restored route) always
 * counts: its failure fails the reading.
 */
async function armReading<T>(
  gate: CompiledGate,
  arm: Arm,
  read: () => Promise<T>,
  required = false,
): Promise<T | undefined> {
  if (required || arm === 'candidate' || comparesWithControl(gate)) return read();
  try {
    return await read();
  } catch (error) {
    if (error instanceof ReadingFailed) return undefined;
    throw error;
  }
}

type QuerySource = Extract<CompiledGate['source'], { kind: 'query' }>;

/** A reading failed for a reason the gate's sentence will carry. */
class ReadingFailed extends Error {}

/** The arms that have a reading. */
function present<T>(entries: [Arm, T | undefined][]): Partial<Record<Arm, T>> {
  const out: Partial<Record<Arm, T>> = {};
  for (const [arm, value] of entries) if (value !== undefined) out[arm] = value;
  return out;
}

/** Reads query gates from the configured sources. */
export class SignalPoller {
  private readonly byName: ReadonlyMap<string, SignalSourceConfig>;
  private readonly run: QueryRunner;

  constructor(deps: { sources: readonly SignalSourceConfig[]; run?: QueryRunner }) {
    this.byName = new Map(deps.sources.map((s) => [s.name, s]));
    this.run = deps.run ?? defaultRunner;
  }

  /** The configured sources, in settings order. */
  sources(): SignalSourceConfig[] {
    return [...this.byName.values()];
  }

  /** The source a gate names, or why it cannot be used. */
  sourceFor(source: QuerySource): SignalSourceConfig | string {
    const config = this.byName.get(source.server);
    if (config === undefined)
      return `no ${source.system} source named ${source.server} is configured on this server (RIPCORD_SIGNAL_SOURCES)`;
    if (config.system !== source.system) return `the source ${source.server} is ${config.system}, not ${source.system}`;
    return config;
  }

  /** Runs one rendered query; an answer that is not usable becomes a thrown {@link ReadingFailed}. */
  async query(config: SignalSourceConfig, source: QuerySource, query: string, at: Date): Promise<QueryOutcome> {
    return this.run(config, query, at, { lookbackMs: source.lookbackMs, timeoutMs: source.timeoutMs });
  }

  /**
   * One poll of a query gate at `at` for a release: both arms (control's left out if it fails and
   * the gate's words do not need it), or only the arms in `only`, each required.
   */
  async read(gate: CompiledGate, vars: ReleaseVars, at: Date, only?: readonly Arm[]): Promise<SignalReading> {
    const source = gate.source;
    if (source.kind !== 'query') return { kind: 'failed', at, reason: 'not a query gate' };
    const config = this.sourceFor(source);
    if (typeof config === 'string') return { kind: 'failed', at, reason: config };
    try {
      const arms = only ?? armsOf(gate);
      if (source.form.kind === 'counts') {
        const { numerator, denominator } = source.form;
        const cursors = await Promise.all(
          arms.map(async (arm): Promise<[Arm, CountsCursor | undefined]> => [
            arm,
            await armReading(
              gate,
              arm,
              async (): Promise<CountsCursor> => {
                const [n, d] = await Promise.all([
                  this.series(
                    config,
                    source,
                    renderTemplate(numerator, vars, arm, source.lookbackMs),
                    at,
                    `${arm} numerator`,
                  ),
                  this.series(
                    config,
                    source,
                    renderTemplate(denominator, vars, arm, source.lookbackMs),
                    at,
                    `${arm} denominator`,
                  ),
                ]);
                return { numerator: n, denominator: d };
              },
              only !== undefined,
            ),
          ]),
        );
        return { kind: 'counts', at, arms: present(cursors) };
      }
      const template = source.form.value;
      const values = await Promise.all(
        arms.map(async (arm): Promise<[Arm, number | undefined]> => [
          arm,
          await armReading(
            gate,
            arm,
            () => this.single(config, source, renderTemplate(template, vars, arm, source.lookbackMs), at, arm),
            only !== undefined,
          ),
        ]),
      );
      return { kind: 'value', at, arms: present(values) };
    } catch (error) {
      if (error instanceof ReadingFailed) return { kind: 'failed', at, reason: error.message };
      throw error;
    }
  }

  private async answer(config: SignalSourceConfig, source: QuerySource, query: string, at: Date, what: string) {
    const outcome = await this.query(config, source, query, at);
    if (!outcome.ok)
      throw new ReadingFailed(
        outcome.fault === 'query'
          ? `the ${what} query is refused: ${outcome.reason}`
          : `${source.server} ${outcome.reason}`,
      );
    return outcome.series;
  }

  private async series(config: SignalSourceConfig, source: QuerySource, query: string, at: Date, what: string) {
    const series = await this.answer(config, source, query, at, what);
    if (series.length > MAX_SERIES)
      throw new ReadingFailed(`the ${what} query returns ${series.length} series; aggregate it below ${MAX_SERIES}`);
    const values: SeriesValues = {};
    for (const s of series) values[s.key] = s.value;
    return values;
  }

  private async single(config: SignalSourceConfig, source: QuerySource, query: string, at: Date, arm: Arm) {
    const series = await this.answer(config, source, query, at, arm);
    const [first] = series;
    if (first === undefined) throw new ReadingFailed(`the ${arm} query returns no data`);
    if (series.length > 1)
      throw new ReadingFailed(
        `the ${arm} query returns ${series.length} series; aggregate it to one (e.g. max or sum)`,
      );
    if (Number.isNaN(first.value)) throw new ReadingFailed(`the ${arm} query returns NaN (no samples in its range?)`);
    return first.value;
  }
}
