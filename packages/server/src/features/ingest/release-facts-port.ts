/**
 * What ingest counted about a release's candidate, for the rollback record and plan: the blast
 * radius (R7.3, the incident service's `ExposurePort`) and the write side effects a rollback cannot
 * undo (R5.4, the planner's `SideEffectFacts`). Read from the live gate session, or from the last
 * persisted gate state once the session has stopped (`gates/release-facts.ts` counts them).
 */
import { exposureOf } from '../gates/engine/release-facts.js';
import type { BlastRadius } from '../incidents/incident-store.js';
import type { ExposurePort } from '../incidents/incident-service.js';
import type { SideEffectFacts, WriteToolCalls } from '../releases/planning/rollback-plan.js';
import type { GateSessionService } from './gate-sessions.js';

/** The facts of each release's candidate as ingest counted them. */
export class ReleaseFactsReader implements ExposurePort {
  constructor(private readonly sessions: Pick<GateSessionService, 'stateOf'>) {}

  /**
   * Requests and distinct request keys the candidate arm served, with the times of the first and
   * last; `null` when the release has no gate state (it never started).
   */
  async exposure(releaseId: string): Promise<BlastRadius | null> {
    const state = await this.sessions.stateOf(releaseId);
    if (state === undefined) return null;
    const { requests, distinctKeys, firstAt, lastAt } = exposureOf(state.facts);
    return {
      requests,
      distinctKeys,
      ...(firstAt === null ? {} : { firstAt }),
      ...(lastAt === null ? {} : { lastAt }),
    };
  }

  /**
   * The candidate's tool calls with write side effects, by tool (most calls first), each with up to
   * five sample request ids. Without gate state, `{}`: no facts, so the planner lists the declared
   * write tools as possible effects instead of claiming there were none.
   */
  async sideEffectFacts(releaseId: string): Promise<SideEffectFacts> {
    const state = await this.sessions.stateOf(releaseId);
    if (state === undefined) return {};
    const bundleVersion = state.config.bundles?.candidate ?? '';
    const writeToolCalls: WriteToolCalls[] = Object.entries(state.facts.writeTools)
      .map(([tool, t]) => ({ tool, bundleVersion, count: t.count, sampleIds: [...t.samples] }))
      .sort((a, b) => b.count - a.count || (a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0));
    return { writeToolCalls };
  }
}
