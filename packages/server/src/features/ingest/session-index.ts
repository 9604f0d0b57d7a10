/**
 * Where an event goes: the live gate sessions by release id, and a routing table by
 * (workflow, environment, release name) — the names the SDK puts in events. Nested maps rather
 * than joined string keys, because this lookup runs once per ingested event.
 */
import type { IngestEvent } from '@ripcord/protocol';
import type { ReleaseGateState } from '../gates/index.js';

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
}

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
  route(event: IngestEvent): GateSession | undefined {
    const list = this.byScope.get(event.workflow)?.get(event.environment);
    if (list === undefined) return undefined;
    if (event.release === undefined) return list.length === 1 ? list[0] : undefined;
    for (const session of list) if (session.release.name === event.release) return session;
    return undefined;
  }
}
