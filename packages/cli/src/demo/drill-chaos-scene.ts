/**
 * The demo's operations scene (R8.1), after the three releases: production serves the promoted
 * 2026-05-09.1, so the support-summary owner defines a staff segment, drills the level-1 rollback
 * to 2026-04-10.1 and back, then chaos-tests the next ticket (sonnet-5-retry, 2026-05-09.1 →
 * 2026-05-02.1) with the bad-model fault for staff only. What decides the outcome is what the
 * server stored: the drill and the chaos run as read back over the API, and a configuration
 * exactly as it was before the scene.
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ApiResult } from '@ripcord/protocol/api';
import type { ApiClient } from '../client.js';
import { readDocuments } from '../read-documents.js';
import { examplesDir, type ControlPlane } from './control-plane.js';
import type { DemoSink } from './demo-events.js';
import type { ScenarioResult } from './scenario-types.js';

/** The scene's id in events and the summary. */
export const SCENE = 'drill-and-chaos';
const WORKFLOW = '/v1/workflows/support-summary/environments/production';
const OWNER = 'team-support-ai';

/** How the scene ended. */
export interface SceneResult {
  ok: boolean;
  expected: string;
  actual: string;
  failures: string[];
  /** Synthetic requests the chaos run sent through the SDK. */
  requests: number;
  realSeconds: number;
  drill: ApiResult<'getDrill'> | null;
  chaos: ApiResult<'getChaosRun'> | null;
}

export const sceneExpectation =
  'drill passed (staff only, restored); chaos bad-model caught, rolled back automatically, verified, restored';

/** The next ticket the owner chaos-tests: tighter-prompt's gates and rollback, from production to sonnet-5. */
function nextTicket(): Record<string, unknown> {
  const docs = readDocuments(path.join(examplesDir, 'demo/support-summary-healthy.yaml'));
  const ticket = docs.find((d) => (d as { kind?: string }).kind === 'Release') as Record<string, unknown>;
  return { ...ticket, name: 'sonnet-5-retry', control: '2026-05-09.1', candidate: '2026-05-02.1' };
}

/** Runs the scene; never throws for a wrong outcome. */
export async function runDrillChaosScene(
  cp: ControlPlane,
  owner: ApiClient,
  emit: DemoSink,
  place: { number: number; of: number },
): Promise<SceneResult> {
  const started = performance.now();
  const at = () => cp.clock.now().toISOString();
  const note = (lines: string[]) => emit({ type: 'note', scenario: SCENE, at: at(), lines });
  const failures: string[] = [];
  note([
    '',
    `━━ ${place.number}/${place.of} support-summary: a rollback drill and a chaos run, for the staff segment only`,
    '   Production serves 2026-05-09.1. The owner drills its level-1 rollback, then chaos-tests the next ticket',
    '   (sonnet-5-retry) by making its candidate fail the schema for staff only: synthetic traffic through the SDK.',
  ]);
  const before = await configWithoutChange(cp.admin);
  const staff = { conditions: [{ attribute: 'staff', op: 'eq', value: true }], reason: 'demo: the drill segment' };
  await owner.put(`${WORKFLOW}/segments/staff`, staff);
  emit({
    type: 'operator',
    scenario: SCENE,
    at: at(),
    actor: OWNER,
    action: 'defined the drill segment staff (staff = true)',
  });
  const drill = await owner.post<ApiResult<'runDrill'>>(`${WORKFLOW}/drills`, {
    level: 1,
    reason: 'demo: monthly drill',
  });
  note(drillLines(drill, at()));
  if (drill.status !== 'passed') failures.push(`the drill ${drill.status}: ${drill.failure ?? ''}`);
  await cp.admin.post('/v1/apply', { documents: [nextTicket()] });
  emit({
    type: 'operator',
    scenario: SCENE,
    at: at(),
    actor: OWNER,
    action: 'applied release ticket sonnet-5-retry (not started)',
  });
  const chaos = await owner.post<ApiResult<'runChaos'>>(`${WORKFLOW}/chaos`, {
    fault: 'bad-model',
    ticket: 'sonnet-5-retry',
    reason: 'demo: chaos check before the release',
  });
  note(chaosLines(chaos, at()));
  if (chaos.status !== 'passed') failures.push(`the chaos run ${chaos.status}: ${chaos.failures.join('; ')}`);
  await owner.delete(`${WORKFLOW}/segments/staff?reason=${encodeURIComponent('demo: drills done')}`);
  const after = await configWithoutChange(cp.admin);
  const differ = Object.keys({ ...before, ...after }).filter((k) => !isDeepStrictEqual(before[k], after[k]));
  if (differ.length > 0)
    failures.push(
      `the configuration after the scene differs from before it: ${differ.map((k) => `${k} ${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`).join('; ')}`,
    );
  const stored = await storedRecords(cp.admin, drill.id, chaos.id, failures);
  return {
    ok: failures.length === 0,
    expected: sceneExpectation,
    actual: `drill ${stored.drill?.status ?? '?'}; chaos ${stored.chaos?.status ?? '?'}`,
    failures,
    requests: chaos.traffic.requests,
    realSeconds: Math.round((performance.now() - started) / 100) / 10,
    ...stored,
  };
}

/** The drill and the chaos run as stored, checked for what the scene is there for. */
async function storedRecords(admin: ApiClient, drillId: string, chaosId: string, failures: string[]) {
  const drill = await admin.get<ApiResult<'getDrill'>>(`/v1/drills/${drillId}`);
  const chaos = await admin.get<ApiResult<'getChaosRun'>>(`/v1/chaos/${chaosId}`);
  if (drill.segment !== 'staff' || !drill.restoreVerification?.ok)
    failures.push('the drill was not restored and verified');
  if (chaos.decision?.kind !== 'rollback-now') failures.push('no gate decided rollback-now in the chaos run');
  if (chaos.rollback?.automatic !== true) failures.push('the chaos run’s rollback did not run automatically');
  if (!chaos.verification?.ok || !chaos.restoreVerification?.ok)
    failures.push('the chaos run was not verified and restored');
  return { drill, chaos };
}

/** The workflow's configuration without who changed it last (which the scene's own changes move). */
async function configWithoutChange(admin: ApiClient): Promise<Record<string, unknown>> {
  const { config } = await admin.get<ApiResult<'getWorkflowConfig'>>(`${WORKFLOW}/config`);
  const { lastChange: _last, ...rest } = config as typeof config & { lastChange?: unknown };
  return rest;
}

function clock(iso: string): string {
  return iso.slice(11, 19);
}

function drillLines(d: ApiResult<'runDrill'>, at: string): string[] {
  return [
    ` ${clock(at)}  rollback drill ${d.id} (level ${d.level}, ${d.segment} only): ${d.production} → ${d.target} → ${d.production}: ${d.status}`,
    ...d.steps.map((s) => `           ${s.status === 'done' ? '✓' : '✗'} ${s.phase} ${s.text}`),
  ];
}

function chaosLines(c: ApiResult<'runChaos'>, at: string): string[] {
  const fired = c.gates
    .filter((g) => g.state === 'breached')
    .map((g) => `           ✗ ${g.gate}: ${g.sentence ?? 'breached'}`);
  const ms = (t: ApiResult<'runChaos'>['detect']) => (t.ms === null ? '—' : `${Math.round(t.ms)} ms`);
  return [
    ` ${clock(at)}  chaos run ${c.id}: ${c.fault} injected into ${c.candidate} for ${c.segment} only (release ${c.release})`,
    `           ${c.traffic.requests} synthetic requests through the SDK, ${c.traffic.candidate} on the candidate`,
    ...(c.decision ? [`           decision ${c.decision.kind}: ${c.decision.reasoning}`] : []),
    ...fired,
    ...(c.rollback
      ? [
          `           rollback ${c.rollback.level ?? '—'} ${c.rollback.automatic ? 'ran automatically' : 'did NOT run automatically'}: ${c.rollback.authority}`,
        ]
      : []),
    `           detected in ${ms(c.detect)} (target 30 min) · restored and verified in ${ms(c.restore)} · restore verified: ${c.restoreVerification?.ok === true ? 'yes' : 'no'}`,
    ...c.failures.map((f) => `           ✗ ${f}`),
  ];
}

/** The drill and chaos scene, when scenario 3 promoted (it starts from that production). */
export async function drillChaosStep(
  cp: ControlPlane,
  owner: ApiClient,
  results: readonly ScenarioResult[],
  emit: DemoSink,
  scenarioCount: number,
): Promise<SceneResult> {
  const promoted = results.find((r) => r.scenario.id === 'healthy-promotion')?.ok === true;
  const scene = promoted
    ? await runDrillChaosScene(cp, owner, emit, {
        number: scenarioCount + 1,
        of: scenarioCount + 1,
      })
    : sceneNotRun('it starts from scenario 3’s promotion, which did not happen');
  emit({
    type: 'scenario.finished',
    scenario: SCENE,
    ok: scene.ok,
    expected: scene.expected,
    actual: scene.actual,
    failures: scene.failures,
    requests: scene.requests,
    simulatedSeconds: 0,
    realSeconds: scene.realSeconds,
  });
  return scene;
}

function sceneNotRun(why: string): SceneResult {
  const fields = { expected: sceneExpectation, actual: 'not run', requests: 0, realSeconds: 0 };
  return { ok: false, ...fields, failures: [why], drill: null, chaos: null };
}
