/**
 * `ripcord demo` without the command line: starts the control plane, applies the example
 * workflows, points production at each control, creates the tokens, runs the scenarios in order,
 * and reports whether every one ended as it must. Used by the command and by the end-to-end test.
 */
import path from 'node:path';
import type { ApiClient } from '../client.js';
import { readDocuments } from '../read-documents.js';
import type { ApiResult } from '@ripcord/protocol/api';
import {
  applyExamples,
  createToken,
  examplesDir,
  ingestAvailable,
  startControlPlane,
  type ControlPlane,
} from './control-plane.js';
import type { DemoEvent, DemoSink } from './demo-events.js';
import { describeExpectation } from './outcome-check.js';
import { runScenario, type ScenarioResult } from './scenario-runner.js';
import { DEFAULT_SPEED, DEFAULT_TICK_SECONDS } from './demo-defaults.js';
import { demoFiles, productionLabels, scenarios, type Scenario } from './scenarios.js';
import { drillChaosStep, SCENE, type SceneResult } from './drill-chaos-scene.js';

/** Options of a demo run. */
export interface DemoOptions {
  /** Simulated seconds per real second, or `max` (as fast as the machine goes). */
  speed?: number | 'max';
  /** Simulated seconds per evaluation tick (default {@link DEFAULT_TICK_SECONDS}; 10–30). */
  tickSeconds?: number;
  seed?: number;
  /** Run only these scenarios (default: all three, in order). */
  only?: readonly Scenario['id'][];
  emit?: DemoSink;
  /** Keep the control plane running and return it (the end-to-end test reads its records). */
  keep?: boolean;
  /** Simulated minutes between status lines (default 15). */
  statusEveryMinutes?: number;
  /** Simulated start time. */
  start?: string;
  /** Stops the demo at the next simulated tick (Ctrl-C); the store is still cleaned up. */
  signal?: AbortSignal;
  /**
   * After the releases, a rollback drill and a chaos run of support-summary (drill-chaos-scene.ts);
   * default true; it runs only when scenario 3 (the promotion it starts from) runs.
   */
  operations?: boolean;
}

/** How the demo ended. */
export interface DemoResult {
  ok: boolean;
  results: ScenarioResult[];
  /** The drill and chaos scene; null when it did not run. */
  scene: SceneResult | null;
  realSeconds: number;
  /** With `keep`: the still-running control plane; the caller stops it. */
  controlPlane: ControlPlane | null;
}

/** Runs the demo. Never throws for a wrong outcome; `ok` says whether every scenario ended right. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const realStart = performance.now();
  const emit: DemoSink = options.emit ?? (() => undefined);
  const speed = options.speed ?? DEFAULT_SPEED;
  const tickSeconds = options.tickSeconds ?? DEFAULT_TICK_SECONDS;
  const seed = options.seed ?? 42;
  const selected = scenarios.filter((s) => options.only === undefined || options.only.includes(s.id));
  const cp = await startControlPlane(options.start ?? '2026-05-04T09:00:00.000Z');
  const results: ScenarioResult[] = [];
  let scene: SceneResult | null = null;
  try {
    const ingest = await ingestAvailable(cp.url, cp.adminToken);
    emit({
      type: 'demo.started',
      url: cp.url,
      dataDir: cp.dataDir,
      speed,
      tickSeconds,
      seed,
      ingest,
      at: cp.clock.now().toISOString(),
    });
    const setup = await prepare(cp);
    for (const [i, s] of selected.entries())
      results.push(
        await scenarioStep(cp, setup, s, { ...options, speed, tickSeconds, seed, emit, ingest }, i, selected.length),
      );
    if (options.operations !== false && selected.some((s) => s.id === 'healthy-promotion'))
      scene = await drillChaosStep(cp, setup.owners.get('team-support-ai') ?? cp.admin, results, emit, selected.length);
  } catch (error) {
    emit({ type: 'warning', message: `the demo stopped: ${(error as Error).message}` });
    for (const line of cp.logs().slice(-5)) emit({ type: 'warning', message: `server log: ${line}` });
    for (const s of selected.slice(results.length))
      results.push(notRun(s, `the demo stopped: ${(error as Error).message}`));
  }
  const ok = results.length > 0 && results.every((r) => r.ok) && (scene?.ok ?? true);
  const realSeconds = Math.round((performance.now() - realStart) / 100) / 10;
  emit(summaryEvent(ok, results, scene, realSeconds));
  if (options.keep === true) return { ok, results, scene, realSeconds, controlPlane: cp };
  await cp.stop();
  return { ok, results, scene, realSeconds, controlPlane: null };
}

/** What one scenario step reads of the run's options. */
type StepOptions = DemoOptions & {
  speed: number | 'max';
  tickSeconds: number;
  seed: number;
  emit: DemoSink;
  ingest: boolean;
};

/** Runs scenario `s` (number `i + 1` of `of`), emits its end, and answers its result. */
async function scenarioStep(
  cp: ControlPlane,
  setup: Setup,
  s: Scenario,
  o: StepOptions,
  i: number,
  of: number,
): Promise<ScenarioResult> {
  const { emit } = o;
  let result: ScenarioResult;
  const logsBefore = cp.logs().length;
  if (o.signal?.aborted === true) {
    result = notRun(s, 'the demo was interrupted');
  } else if (!o.ingest) {
    result = notRun(s, 'outcome ingest (POST /v1/events) is not available on this server, so no gate can be evaluated');
  } else {
    await closeEarlierIncident(cp, s, setup.owners.get(s.owner) ?? cp.admin, emit);
    result = await runScenario(s, {
      cp,
      sdkToken: setup.sdkToken,
      owners: setup.owners,
      speed: o.speed,
      tickMs: o.tickSeconds * 1000,
      seed: o.seed,
      emit,
      number: i + 1,
      of: of + (o.operations === false ? 0 : 1),
      statusEveryMinutes: o.statusEveryMinutes ?? 15,
      verifyWithinMinutes: 10,
      featuresByBundle: setup.features,
      healthByBundle: setup.health,
      ...(o.signal === undefined ? {} : { signal: o.signal }),
    });
  }
  // What the server logged while a scenario went wrong helps to say why.
  if (!result.ok)
    for (const line of cp.logs().slice(logsBefore).slice(-5)) emit({ type: 'warning', message: `server log: ${line}` });
  emit({
    type: 'scenario.finished',
    scenario: s.id,
    ok: result.ok,
    expected: result.expected,
    actual: result.actual,
    failures: result.failures,
    requests: result.requests,
    simulatedSeconds: result.simulatedSeconds,
    realSeconds: result.realSeconds,
  });
  return result;
}

function summaryEvent(
  ok: boolean,
  results: readonly ScenarioResult[],
  scene: SceneResult | null,
  realSeconds: number,
): DemoEvent {
  const line = (id: string, r: ScenarioResult | SceneResult) => ({
    scenario: id,
    ok: r.ok,
    expected: r.expected,
    actual: r.actual,
    failures: r.failures,
  });
  return {
    type: 'summary',
    ok,
    scenarios: [...results.map((r) => line(r.scenario.id, r)), ...(scene ? [line(SCENE, scene)] : [])],
    requests: results.reduce((n, r) => n + r.requests, 0) + (scene?.requests ?? 0),
    realSeconds,
  };
}

function notRun(s: Scenario, why: string): ScenarioResult {
  return {
    scenario: s,
    releaseId: null,
    ok: false,
    expected: describeExpectation(s),
    actual: 'not run',
    failures: [why],
    incident: null,
    appCheckPassed: null,
    records: null,
    tallies: {},
    requests: 0,
    simulatedSeconds: 0,
    realSeconds: 0,
  };
}

/** What every scenario needs from the set-up. */
interface Setup {
  sdkToken: string;
  owners: Map<string, ApiClient>;
  features: Map<string, readonly string[]>;
  health: Map<string, readonly string[]>;
}

/** Applies the examples, points production at each control, and creates the SDK and owner tokens. */
async function prepare(cp: ControlPlane): Promise<Setup> {
  // Apply validates every document first and refuses the whole input with the reasons if one is wrong.
  await applyExamples(cp.admin, demoFiles);
  for (const l of productionLabels) {
    await cp.admin.put(`/v1/workflows/${l.workflow}/environments/production/labels/production`, {
      version: l.version,
      reason: 'demo: the approved bundle serves production',
    });
  }
  const workflows = [...new Set(scenarios.map((s) => s.workflow))];
  const sdkToken = await createToken(cp.admin, 'demo-apps', 'sdk', { environment: 'production', workflows });
  const owners = new Map<string, ApiClient>();
  for (const s of scenarios) {
    if (owners.has(s.owner)) continue;
    const token = await createToken(cp.admin, s.owner, 'operator', {
      environment: 'production',
      workflows: [s.workflow],
    });
    owners.set(s.owner, cp.as(token));
  }
  const features = new Map<string, readonly string[]>();
  const health = new Map<string, readonly string[]>();
  for (const doc of demoFiles.flatMap((f) => readDocuments(path.join(examplesDir, f)))) {
    const bundle = doc as { kind?: string; version?: string; components?: Record<string, unknown> };
    if (bundle.kind !== 'Bundle' || bundle.version === undefined) continue;
    const components = bundle.components ?? {};
    const pipeline = components.featurePipeline as { features?: string[] } | undefined;
    if (pipeline?.features !== undefined) features.set(bundle.version, pipeline.features);
    const urls = Object.values(components)
      .map((c) => (c as { healthCheck?: unknown }).healthCheck)
      .filter((u): u is string => typeof u === 'string');
    health.set(bundle.version, urls);
  }
  return { sdkToken, owners, features, health };
}

/**
 * Before a release of a workflow an earlier scenario rolled back: the owner closes that incident
 * by removing the flags the rollback set (e.g. `ai.action.mode: draft-only`), so the new release
 * starts from the bundle's own values. A person's action, recorded with its reason.
 */
async function closeEarlierIncident(cp: ControlPlane, s: Scenario, owner: ApiClient, emit: DemoSink): Promise<void> {
  const config = await cp.admin
    .get<ApiResult<'getWorkflowConfig'>>(`/v1/workflows/${s.workflow}/environments/production/config`)
    .catch(() => null);
  for (const key of Object.keys(config?.config.flags ?? {})) {
    const reason = `incident closed: the rolled-back candidate is withdrawn; ${key} returns to the bundle's value`;
    await owner.delete(
      `/v1/workflows/${s.workflow}/environments/production/flags/${encodeURIComponent(key)}?reason=${encodeURIComponent(reason)}`,
    );
    emit({
      type: 'operator',
      scenario: s.id,
      at: cp.clock.now().toISOString(),
      actor: s.owner,
      action: `removed ${key} (${reason})`,
    });
  }
}
