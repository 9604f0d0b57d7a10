/**
 * Runs one scenario in lockstep simulated time. Each step advances the control plane's clock by
 * one evaluation tick, serves the requests that fall in that tick through the simulated app (SDK
 * route → model route → report), flushes the reports (the server answers 202 once they are in the
 * gate state), and calls `services.machine.tick()` — the tick the server runs on its own timer.
 * Configuration changes are followed until the app's SDK applies them. After a rollback the app
 * keeps serving while the server verifies the restore; then the stored records are checked.
 */
import type { ApiResult } from '@ripcord/protocol/api';
import type { DemoSink } from './demo-events.js';
import { PortInUseError, startModelService, type ModelService } from './model-service.js';
import { describeExpectation } from './outcome-check.js';
import type { Scenario } from './scenarios.js';
import { SimulatedApp } from './simulated-app.js';

import { ScenarioRun } from './scenario-run.js';
import type { ResultFields, RunContext, ScenarioResult } from './scenario-types.js';

export type { RunContext, ScenarioResult } from './scenario-types.js';

/** Runs one scenario to its end (or its time limit) and checks the outcome. Never throws. */
export async function runScenario(s: Scenario, ctx: RunContext): Promise<ScenarioResult> {
  const realStart = performance.now();
  const { cp, emit } = ctx;
  const simStart = cp.clock.now().getTime();
  const services: ModelService[] = [];
  let app: SimulatedApp | undefined;
  const result = (partial: ResultFields): ScenarioResult => ({
    scenario: s,
    releaseId: null,
    ok: partial.failures.length === 0,
    expected: describeExpectation(s),
    actual: 'not run',
    incident: null,
    appCheckPassed: null,
    records: null,
    tallies: app?.tallies ?? {},
    requests: requestsOf(app),
    simulatedSeconds: Math.round((cp.clock.now().getTime() - simStart) / 1000),
    realSeconds: Math.round((performance.now() - realStart) / 100) / 10,
    ...partial,
  });

  try {
    const { releases } = await cp.admin.get<ApiResult<'listReleases'>>('/v1/releases', { workflow: s.workflow });
    const release = releases.find((r) => r.name === s.release);
    if (release === undefined) return result({ failures: [`release ${s.release} of ${s.workflow} was not applied`] });
    emit({
      type: 'scenario.started',
      scenario: s.id,
      number: ctx.number,
      of: ctx.of,
      title: s.title,
      story: s.story,
      workflow: s.workflow,
      release: s.release,
      control: release.spec.control,
      candidate: release.spec.candidate,
      requestsPerSecond: s.requestsPerSecond,
      at: cp.clock.now().toISOString(),
    });
    const models = new Map<string, string>();
    for (const m of s.models) {
      const service = await startModel(m, ctx.seed, emit);
      services.push(service);
      models.set(m.bundle, service.url);
    }
    app = new SimulatedApp({
      kind: s.kind,
      workflow: s.workflow,
      environment: release.environment,
      server: cp.url,
      sdkToken: ctx.sdkToken,
      models,
      featuresByBundle: ctx.featuresByBundle,
      seed: ctx.seed,
      ...(s.reviewShare === undefined ? {} : { reviewShare: s.reviewShare }),
    });
    await app.start();
    const run = new ScenarioRun(s, ctx, release, app, simStart);
    const failures = await run.drive();
    return result(await run.finish(failures));
  } catch (error) {
    return result({ failures: [`the scenario stopped: ${(error as Error).message}`] });
  } finally {
    await app?.close();
    await Promise.all(services.map((m) => m.close()));
  }
}

function requestsOf(app: SimulatedApp | undefined): number {
  let n = 0;
  for (const byArm of Object.values(app?.tallies ?? {})) n += byArm.control.requests + byArm.candidate.requests;
  return n;
}

/** Starts a model route; a taken fixed port is reported and a free one used instead. */
async function startModel(m: Scenario['models'][number], seed: number, emit: DemoSink): Promise<ModelService> {
  const options = { model: m.model, behaviour: m.behaviour, seed };
  try {
    return await startModelService(m.port === undefined ? options : { ...options, port: m.port });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    emit({
      type: 'warning',
      message:
        `127.0.0.1:${error.port} is in use, so ${m.model} runs on a free port instead. Its bundle declares ` +
        `http://127.0.0.1:${error.port}/healthz as its health check: readiness and verification probe whatever answers there.`,
    });
    return startModelService(options);
  }
}
