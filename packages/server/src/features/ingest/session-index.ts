/**
 * Where an event goes: the live gate sessions by release id, and a routing table by
 * (workflow, environment, release name) — the names the SDK puts in events. Nested maps rather
 * than joined string keys, because this lookup runs once per ingested event.
 */
import type { EventBatchItem } from '@ripcord/protocol';
import type { ReleaseGateState } from '../gates/index.js';
import { lookupRequest } from '../gates/engine/request-index.js';

/** The release a session belongs to (the fields routing needs). */
export interface SessionRelease {
  id: string;
  workflow: string;
  environment: string;
  name: string;
}

/** One running release's live gate state. */
export interface GateSession {
  release: SessionRelease;
  state: ReleaseGateState;
  /** Changed since it was last persisted. */
  dirty: boolean;
  /** Whether events are still routed to it (false while it is being stopped). */
  routed: boolean;
  /**
   * After promotion, through the cool-down: only late labels (reviews, complaints, ground truth)
   * reach it, matched to the requests the candidate served during the release.
   */
  labelsOnly?: boolean;
}

const isLabel = (event: EventBatchItem): boolean =>
  event.type === 'review' || event.type === 'complaint' || event.type === 'ground_truth';

/** The request a label is about. */
const labelledRequest = (event: EventBatchItem): string | undefined =>
  event.type === 'complaint'
    ? event.sampleId
    : event.type === 'review' || event.type === 'ground_truth'
      ? event.requestId
      : undefined;

/** Sessions by id, and by workflow → environment → release name for routing. */
export class SessionIndex {
  private readonly byId = new Map<string, GateSession>();
  private readonly byScope = new Map<string, Map<string, GateSession[]>>();

  /** Adds a session and routes events to it. */
  add(session: GateSession): void {
    this.byId.set(session.release.id, session);
    const { workflow, environment } = session.release;
    let envs = this.byScope.get(workflow);
    if (envs === undefined) this.byScope.set(workflow, (envs = new Map<string, GateSession[]>()));
    envs.set(environment, [...(envs.get(environment) ?? []), session]);
    session.routed = true;
  }

  /** Stops routing events to a session; it stays listed (and persisted) until removed. */
  unroute(id: string): void {
    const session = this.byId.get(id);
    if (session === undefined) return;
    session.routed = false;
    const envs = this.byScope.get(session.release.workflow);
    const list = envs?.get(session.release.environment)?.filter((s) => s !== session) ?? [];
    if (list.length > 0) envs?.set(session.release.environment, list);
    else envs?.delete(session.release.environment);
  }

  /** Forgets a session. */
  remove(id: string): void {
    this.unroute(id);
    this.byId.delete(id);
  }

  /** The session of a release id. */
  get(id: string): GateSession | undefined {
    return this.byId.get(id);
  }

  /** Every session. */
  all(): IterableIterator<GateSession> {
    return this.byId.values();
  }

  /**
   * The session an event belongs to: by its release name, or — for an event without one, such
   * as a late label — the only release running in its workflow and environment. `undefined`
   * when there is none, or more than one to choose from.
   */
  route(event: EventBatchItem): GateSession | undefined {
    const all = this.byScope.get(event.workflow)?.get(event.environment);
    if (all === undefined) return undefined;
    // A promoted release in its cool-down takes late labels only (docs/releases.md).
    const list = isLabel(event) ? all : all.filter((s) => s.labelsOnly !== true);
    if (event.release === undefined) {
      if (list.length === 1) return list[0];
      // Several sessions: a label goes to the one whose request index saw the request it names.
      const request = labelledRequest(event);
      if (request === undefined) return undefined;
      const knowing = list.filter((s) => s.state.index !== null && lookupRequest(s.state.index, request) !== undefined);
      return knowing.length === 1 ? knowing[0] : undefined;
    }
    for (const session of list) if (session.release.name === event.release) return session;
    return undefined;
  }
}
