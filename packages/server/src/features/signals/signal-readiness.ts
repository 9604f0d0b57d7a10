/**
 * Readiness of a release's signal sources (R2.3, R4.5): every source its gates name is configured
 * and answers, and every query parses and runs — Prometheus' own `/api/v1/query` decides — for each
 * arm it will be asked for. A gate that acts (immediate, rapid) blocks the start when its source or
 * query fails, since it would read inconclusive for the whole release; a delayed gate warns. A query
 * with no data yet only warns: its series may appear with the release's traffic.
 */
import { compileGate, type CompiledGate } from '../gates/index.js';
import type { SignalReadinessPort, SignalSourceHealth, SignalReadiness } from '../releases/readiness/readiness.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import { armsOf, comparesWithControl, type SignalPoller } from './signal-poller.js';
import { renderTemplate, type ReleaseVars } from './query-template.js';
import { describeSource, type SignalSourceConfig } from './signal-settings.js';
import { requestSource } from './signal-http.js';

/** When the alert webhooks last delivered anything (the alerts feature answers it). */
export interface AlertActivity {
  lastReceived(): Promise<Date | null>;
}

type QuerySource = Extract<CompiledGate['source'], { kind: 'query' }>;

/** Checks the signal sources of releases and of the server. */
export class SignalReadinessChecker implements SignalReadinessPort {
  constructor(private readonly deps: { poller: SignalPoller; alerts?: AlertActivity; now: () => Date }) {}

  /** The health of each source a release's gates use, with the blockers and warnings it implies. */
  async forRelease(release: ReleaseRecord): Promise<SignalReadiness> {
    const spec = release.spec;
    const gates = spec.gates === 'none-accepted' ? [] : spec.gates.map((g) => compileGate(g, spec.test));
    const vars: ReleaseVars = {
      workflow: release.workflow,
      environment: release.environment,
      release: release.name,
      bundles: { control: spec.control, candidate: spec.candidate },
    };
    const out: SignalReadiness = { sources: [], blockers: [], warnings: [] };
    const health = new Map<string, SignalSourceHealth>();
    for (const gate of gates) {
      if (gate.source.kind === 'query') await this.checkQueryGate(gate, gate.source, vars, health, out);
    }
    out.sources.push(...health.values());
    const alertGates = gates.filter((g) => g.source.kind === 'alert').map((g) => g.name);
    if (alertGates.length > 0) out.sources.push(await this.alertHealth(alertGates));
    return out;
  }

  /** Every configured source, asked a trivial question (for readiness without a release). */
  async configured(): Promise<SignalSourceHealth[]> {
    return Promise.all(
      this.deps.poller.sources().map(async (source): Promise<SignalSourceHealth> => {
        const path = source.system === 'prometheus' ? '/api/v1/query?query=1' : '/api/v1/validate';
        const answer = await requestSource(source, path, { timeoutMs: 5_000 });
        const ok = answer.ok && answer.status === 200;
        const detail = answer.ok ? `HTTP ${answer.status}` : answer.reason;
        return {
          source: source.name,
          system: source.system,
          url: source.url,
          status: ok ? 'ok' : 'failing',
          detail,
          gates: [],
        };
      }),
    );
  }

  private async checkQueryGate(
    gate: CompiledGate,
    source: QuerySource,
    vars: ReleaseVars,
    health: Map<string, SignalSourceHealth>,
    out: SignalReadiness,
  ): Promise<void> {
    const problems = gate.severity === 'delayed' ? out.warnings : out.blockers;
    const config = this.deps.poller.sourceFor(source);
    const entry = health.get(source.server) ?? {
      source: source.server,
      system: source.system,
      url: typeof config === 'string' ? null : config.url,
      status: typeof config === 'string' ? 'not-configured' : 'ok',
      detail: typeof config === 'string' ? config : `${describeSource(config)} answered`,
      gates: [],
    };
    health.set(source.server, entry);
    entry.gates.push(gate.name);
    if (typeof config === 'string') {
      problems.push(`gate ${gate.name}: ${config}`);
      return;
    }
    await this.checkQueries(gate, source, config, vars, entry, out);
  }

  /** Runs each of the gate's queries once per arm: refused queries and silent sources are problems. */
  private async checkQueries(
    gate: CompiledGate,
    source: QuerySource,
    config: SignalSourceConfig,
    vars: ReleaseVars,
    entry: SignalSourceHealth,
    out: SignalReadiness,
  ): Promise<void> {
    const blocking = gate.severity === 'delayed' ? out.warnings : out.blockers;
    const form = source.form;
    const templates: [string, string][] =
      form.kind === 'counts'
        ? [
            ['numerator', form.numerator],
            ['denominator', form.denominator],
          ]
        : [['value', form.value]];
    const now = this.deps.now();
    for (const arm of armsOf(gate))
      for (const [what, template] of templates) {
        // Control's reading of a gate that does not compare with control only serves the
        // shared-cause comparison: a problem with it is a warning (the gate still reads).
        const problems = arm === 'control' && !comparesWithControl(gate) ? out.warnings : blocking;
        const query = renderTemplate(template, vars, arm, source.lookbackMs);
        const outcome = await this.deps.poller.query(config, source, query, now);
        const label = `gate ${gate.name}: the ${arm} ${what} query`;
        if (outcome.ok && outcome.series.length === 0)
          out.warnings.push(`${label} returns no data yet; the gate reads inconclusive until it does`);
        else if (!outcome.ok && outcome.fault === 'query')
          problems.push(`${label} is refused by ${source.server}: ${outcome.reason}`);
        else if (!outcome.ok) {
          entry.status = 'failing';
          entry.detail = outcome.reason;
          problems.push(
            `gate ${gate.name}: ${source.system} source ${source.server} does not answer: ${outcome.reason}`,
          );
          return;
        }
      }
  }

  private async alertHealth(gates: string[]): Promise<SignalSourceHealth> {
    const last = (await this.deps.alerts?.lastReceived()) ?? null;
    return {
      source: 'alerts',
      system: 'alert',
      url: null,
      status: 'ok',
      detail:
        last === null
          ? 'no alert received yet: a gate reads passing while nothing fires, so check that Alertmanager sends to POST /v1/alerts/alertmanager'
          : `last alert received at ${last.toISOString()}`,
      gates,
    };
  }
}
