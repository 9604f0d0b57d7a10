/**
 * Checks a chaos request (R8.1) and builds its drill release: the workflow's release ticket from
 * what production serves (its candidate, gates, rollback and authority), renamed `chaos-<hex>`,
 * at its first canary stage, whose split will serve the candidate to the drill segment only.
 * Throws a 4xx AppError when the run cannot start.
 */
import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { BundleRecord, WorkflowRecord } from '../bundles/registry-store.js';
import type { CurrentConfig } from '../flags/config-service.js';
import { planStages } from '../releases/ticket/release-model.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import {
  DEFAULT_DRILL_SEGMENT,
  drillableWorkflow,
  noReleaseInProgress,
  unsplitConfig,
} from '../drills/drill-checks.js';
import { drillRelease } from '../drills/drill-prepare.js';
import type { DrillRunDeps } from '../drills/drill-run.js';
import type { ChaosRecord } from './chaos-store.js';
import type { Fault } from './faults.js';

/** What to run. */
export interface ChaosRequest {
  workflow: string;
  environment: string;
  fault: Fault;
  reason: string;
  /** The release ticket to take the candidate, gates and authority from (default: the newest from production). */
  ticket?: string;
  /** Synthetic requests at most before the run gives up detecting (default 4,000). */
  requests?: number;
}

/** A chaos run ready to start. */
export interface ChaosSetup {
  chaos: ChaosRecord;
  release: ReleaseRecord;
  workflow: WorkflowRecord;
  control: BundleRecord;
  candidate: BundleRecord;
  before: CurrentConfig;
}

/** Synthetic requests a run sends at most unless asked otherwise. */
export const DEFAULT_CHAOS_REQUESTS = 4000;

export async function prepareChaos(deps: DrillRunDeps, request: ChaosRequest, actor: Principal): Promise<ChaosSetup> {
  const { stores } = deps;
  const target = { workflow: request.workflow, environment: request.environment };
  const workflow = await drillableWorkflow(stores, target, actor);
  await noReleaseInProgress(stores, target, 'run chaos');
  const production = (await stores.registry.getLabel(request.workflow, request.environment, 'production'))
    ?.bundleVersion;
  if (!production)
    throw new AppError('conflict', `${request.workflow} has no production label in ${request.environment}`);
  const ticket = await templateTicket(deps, request, production);
  const [control, candidate] = await Promise.all([
    stores.registry.getBundle(request.workflow, ticket.spec.control),
    stores.registry.getBundle(request.workflow, ticket.spec.candidate),
  ]);
  if (!control || !candidate)
    throw new AppError('conflict', `the bundles of release ${ticket.name} are not in the registry`);
  const segment = workflow.spec.drills?.segment ?? DEFAULT_DRILL_SEGMENT;
  const before = await unsplitConfig(deps.config, target, production, segment, 'run chaos');
  const now = deps.clock.now();
  const hex = randomBytes(6).toString('hex');
  const id = `chaos_${hex}`;
  const canary = planStages(ticket.spec).find((s) => s.kind === 'canary');
  const release = { ...drillRelease(id, `chaos-${hex}`, ticket.spec, actor, now), stage: canary?.index ?? 0 };
  const budget = request.requests ?? DEFAULT_CHAOS_REQUESTS;
  const chaos: ChaosRecord = {
    id,
    workflow: request.workflow,
    environment: request.environment,
    fault: request.fault,
    status: 'running',
    actor: actor.subject,
    reason: request.reason,
    runId: null,
    startedAt: now,
    finishedAt: null,
    detail: {
      segment,
      ticket: ticket.name,
      control: control.version,
      candidate: candidate.version,
      release: release.name,
      traffic: { requests: 0, candidate: 0, control: 0, budget },
      decision: null,
      gates: [],
      rollback: null,
      steps: [],
      detect: { ms: null, targetMs: null, met: false },
      restore: { ms: null, targetMs: null, met: false },
      verification: null,
      restoreVerification: null,
      failures: [],
      flagsBefore: before.config.flags,
    },
  };
  return { chaos, release, workflow, control, candidate, before };
}

/** The ticket named, else the newest of the workflow in the environment whose control is production. */
async function templateTicket(deps: DrillRunDeps, request: ChaosRequest, production: string): Promise<ReleaseRecord> {
  const all = (await deps.stores.releases.list({ workflow: request.workflow }))
    .filter((r) => r.environment === request.environment)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  if (request.ticket) {
    const named = all.find((r) => r.name === request.ticket);
    if (!named) throw notFound(`release ${request.ticket} of ${request.workflow} in ${request.environment}`);
    if (named.spec.control !== production)
      throw new AppError(
        'conflict',
        `release ${named.name} starts from ${named.spec.control}, but production serves ${production}: a chaos run injects the fault into a release from production`,
      );
    return named;
  }
  const found = all.find((r) => r.spec.control === production);
  if (!found)
    throw new AppError(
      'conflict',
      `no release ticket of ${request.workflow} in ${request.environment} starts from production's ${production}: apply one (a chaos run takes its candidate, gates, rollback and authority)`,
    );
  return found;
}
