/**
 * One tick of the release machine: deadlines expire, runs waiting for a job go on, incidents
 * move, then every running release is probed, its gates evaluated, and its decision recorded and
 * acted on (advance, promote, or roll back), each under its lock on a fresh read.
 */
import { randomBytes } from 'node:crypto';
import { systemPrincipal } from '../../auth/principal.js';
import { decide, type Decision, type GateEvaluation } from './decision.js';
import { healthUrls, type ProbeResult } from '../readiness/readiness.js';
import { entryIn, saveIn, type MachineContext } from './release-context.js';
import { expireTimers } from './release-deadlines.js';
import { planStages } from '../ticket/release-model.js';
import { continueWaitingRuns } from './release-settle.js';
import { enterStage } from './release-stages.js';
import type { ReleaseRecord } from '../release-store.js';
import type { GateSince } from './status-state.js';
import { isSharedBreach } from './shared-cause.js';
import { routeContext } from './shared-route.js';
import { watchCooldowns } from './cooldown-watch.js';

/** A running release. */
type Running = Extract<ReleaseRecord, { status: 'running' }>;

/** What one tick did to one release. */
export interface TickResult {
  release: string;
  decision: Decision['kind'] | null;
  action: 'none' | 'advanced' | 'promoted' | 'rolled-back' | 'paused' | 'awaiting-approval';
}

/** Runs one tick at `now` over every release it concerns; a release that fails is logged and skipped. */
export async function tickAll(ctx: MachineContext, now: Date): Promise<TickResult[]> {
  await expireTimers(ctx, now);
  await continueWaitingRuns(ctx);
  await ctx.deps.incidents.tick(now);
  await watchCooldowns(ctx, now);
  const running = await ctx.deps.stores.releases.list({ statuses: ['running'] });
  const results: TickResult[] = [];
  for (const release of running) {
    try {
      // A request may have moved the release since the list was read: act on its state under the lock.
      const result = await ctx.locked(release, (fresh) =>
        fresh.status === 'running' ? tickOne(ctx, fresh, now) : Promise.resolve(null),
      );
      if (result !== null) results.push(result);
    } catch (error) {
      ctx.deps.logger.error({ err: error, release: release.id }, 'release tick failed');
    }
  }
  return results;
}

async function tickOne(ctx: MachineContext, given: Running, now: Date): Promise<TickResult> {
  let release = given;
  const stages = planStages(release.spec);
  const stage = stages[release.stage];
  const failedProbes = await probeHealth(ctx, release, now);
  const evaluated = nameFailedEndpoints(await ctx.deps.gates.evaluate(release.id, now), failedProbes);
  const since = await withSince(ctx, release, evaluated, now);
  release = since.release;
  const evaluations = since.evaluations;
  const next = stages[release.stage + 1];
  const clock = release.state.stage;
  const route = evaluations.some(isSharedBreach) ? await routeContext(ctx, release) : undefined;
  const decision = decide({
    evaluations,
    ...(route ? { route } : {}),
    criticality: (await ctx.deps.stores.registry.getWorkflow(release.workflow))?.spec.criticality,
    stage: {
      next: next ? next.kind : null,
      bakeEndsAt: clock.bakeEndsAt ?? null,
      ...(stage?.kind === 'canary' ? { bakeMs: stage.bakeMs } : {}),
      evidenceComplete: stage?.kind !== 'offline' || clock.evidenceAt !== undefined,
      startedAt: clock.startedAt,
    },
    now,
  });
  release = await recordDecision(ctx, release, decision, now);
  const result: TickResult = { release: release.id, decision: decision.kind, action: 'none' };
  if (decision.kind === 'rollback-now') {
    const outcome = await ctx.rollback(release, systemPrincipal, { decision });
    result.action =
      outcome.status === 'awaiting-approval'
        ? 'awaiting-approval'
        : outcome.releaseStatus === 'paused'
          ? 'paused'
          : 'rolled-back';
  } else if (decision.advance && next) {
    if (next.kind === 'promote') await ctx.promote(release, systemPrincipal, 'every gate held through the last stage');
    else await enterStage(ctx, release, next.index, systemPrincipal);
    result.action = next.kind === 'promote' ? 'promoted' : 'advanced';
  }
  return result;
}

/**
 * Adds to each evaluation since when its gate has been in its state, kept in the release's
 * state (R4.4: an immediate or rapid gate inconclusive for too long blocks advancing).
 */
async function withSince(
  ctx: MachineContext,
  release: Running,
  evaluations: GateEvaluation[],
  now: Date,
): Promise<{ release: Running; evaluations: GateEvaluation[] }> {
  const previous = release.state.gateSince;
  const next: Record<string, GateSince> = {};
  const out = evaluations.map((e) => {
    // A breach both arms share is its own state: how long it has lasted outlives stage changes.
    const state = isSharedBreach(e) ? 'shared' : e.state;
    const kept = previous[e.gate]?.state === state ? previous[e.gate]!.since : now.toISOString();
    next[e.gate] = { state, since: kept };
    return { ...e, since: e.since ?? kept };
  });
  if (JSON.stringify(next) === JSON.stringify(previous)) return { release, evaluations: out };
  const state = { ...release.state, gateSince: next };
  await ctx.deps.transact((s) => saveIn(s, release, { status: 'running', state }, now));
  return { release: { ...release, state }, evaluations: out };
}

/**
 * Probes every health endpoint each arm's bundle declares, all at `now`, and feeds the gates one
 * round per arm: the round fails if any endpoint failed, so a passing endpoint never hides a
 * failing one (GATES.md: the endpoint "failed 3 consecutive probes" = failing). Returns the
 * candidate's endpoints that failed, which the gate state does not keep, for the sentences.
 */
async function probeHealth(ctx: MachineContext, release: ReleaseRecord, now: Date): Promise<ProbeResult[]> {
  if (!ctx.deps.gates.probe) return [];
  let failed: ProbeResult[] = [];
  for (const arm of ['control', 'candidate'] as const) {
    const bundle = await ctx.deps.stores.registry.getBundle(release.workflow, release.spec[arm]);
    const endpoints = bundle ? healthUrls(bundle.spec.components) : [];
    if (endpoints.length === 0) continue;
    const results = await Promise.all(
      endpoints.map(async ({ component, url }): Promise<ProbeResult> => ({
        component,
        url,
        ...(await ctx.deps.probe(url)),
      })),
    );
    const down = results.filter((r) => !r.ok);
    await ctx.deps.gates.probe(release.id, arm, down.length === 0, now);
    if (arm === 'candidate') failed = down;
  }
  return failed;
}

/** Names the candidate's endpoints that failed this tick's probe in the health gates' sentences. */
function nameFailedEndpoints(evaluations: GateEvaluation[], failed: readonly ProbeResult[]): GateEvaluation[] {
  if (failed.length === 0) return evaluations;
  const names = failed.map((f) => `${f.component} health check ${f.url}: ${f.detail}`).join('; ');
  return evaluations.map((e) =>
    e.metric === 'health_check' && e.sentence !== undefined
      ? { ...e, sentence: `${e.sentence}${e.sentence.includes(' — ') ? ';' : ' —'} failed this tick: ${names}` }
      : e,
  );
}

/**
 * Records a decision when it differs from the last one recorded (and the first breach's time);
 * answers the release as it leaves it.
 */
async function recordDecision(ctx: MachineContext, release: Running, decision: Decision, at: Date): Promise<Running> {
  const key = `${decision.kind}:${decision.gates.join(',')}`;
  if (release.state.lastDecision === key) return release;
  const firstBreachAt =
    release.state.firstBreachAt ?? (decision.kind === 'rollback-now' ? at.toISOString() : undefined);
  const state = { ...release.state, lastDecision: key, ...(firstBreachAt ? { firstBreachAt } : {}) };
  await ctx.deps.transact(async (s) => {
    await s.releases.addDecision({
      id: `dec_${randomBytes(6).toString('hex')}`,
      releaseId: release.id,
      at,
      kind: decision.kind,
      reasoning: decision.reasoning,
      evidence: { ...decision },
      actor: systemPrincipal.subject,
    });
    await saveIn(s, release, { status: 'running', state }, at);
    await entryIn(ctx, s, release, at, {
      kind: 'decision',
      actor: systemPrincipal,
      details: {
        kind: decision.kind,
        gates: decision.gates,
        reasoning: decision.reasoning,
        // What the decision rests on, frozen in the audit log too (R2.1, R7.3).
        evidence: decision.evidence
          .filter((g) => g.evidence !== null && decision.gates.includes(g.gate))
          .map((g) => ({ gate: g.gate, ...g.evidence })),
      },
    });
  });
  return { ...release, state };
}
