/**
 * The live gate state of every running release (issue 4): built at release start from the ticket,
 * fed by ingest, evaluated at each tick by the release state machine, overridden by operators,
 * and persisted through one group commit so that what is acknowledged is stored and what is
 * stored was acknowledged once (docs/ingest.md). Memory: one aggregate per release × arm × gate.
 */
import { watchesAfterPromotion } from '../releases/machine/promotion-watch.js';
import type { Arm, EventBatchItem, IngestEvent, SummaryEvent } from '@ripcord/protocol';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import type { AuditInput } from '../audit/audit-store.js';
import {
  applyEvent,
  applyProbe,
  createReleaseState,
  evaluateRelease,
  restoreReleaseState,
  startStage,
  SNAPSHOT_VERSION,
  type ApplyResult,
  type EvaluateOptions,
  type ReleaseEvaluation,
  type ReleaseGateState,
} from '../gates/index.js';
import type { GatePort } from '../releases/machine/gate-port.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import { gateConfigFor, type GateStartOptions } from './gate-config.js';
import { applyOverride, type GateOverrideRequest, type GateOverrideOutcome } from './gate-override-request.js';
import { encodeGateStateJson, type EncodedGateStateRow, type GateStateJsonRow } from './gate-state-store.js';
import { CommitLinger } from './commit-linger.js';
import { stateTexts } from './gate-state-chunks.js';
import { GroupCommit, type GroupCommitStats } from './group-commit.js';
import type { IngestBatchRow } from './ingest-batch-store.js';
import { SessionIndex, type GateSession, type SessionRelease } from './session-index.js';
import { applySummary } from './summary-apply.js';
import type { GateStateStore } from './gate-state-store.js';
import type { IngestBatchStore } from './ingest-batch-store.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { AuditStore } from '../audit/audit-store.js';
import type { Transact } from '../../db/transaction.js';

/** The stores gate sessions read and write (in transact, bound to its transaction). */
export interface GateSessionStores {
  gateStates: GateStateStore;
  ingestBatches: IngestBatchStore;
  registry: RegistryStore;
  releases: ReleaseStore;
  audit: AuditStore;
}

/** What one group commit writes besides the dirty gate states. */
export interface CommitItem {
  batch?: IngestBatchRow;
  audit?: AuditInput;
  /** Forget idempotency keys stored before this time. */
  pruneBefore?: Date;
  /** Write every pending {@link CommitRider} row now (shutdown). */
  flush?: boolean;
}

/** Other `gate_states` rows the group commit writes with the states (the baseline records). */
export interface CommitRider {
  /** Restores the rider's rows (at boot, from {@link GateSessionService.load}). */
  load(): Promise<void>;
  /** The rows to write now (synchronous); `done` once they are committed. */
  texts(now: Date, flush: boolean): { rows: GateStateJsonRow[]; done: () => void };
}

/** A release's evaluation as `GET /v1/releases/{id}/gates` shows it. */
export interface GateView {
  evaluation: ReleaseEvaluation;
  /** Whether the session is live (running) or read back from its last persisted state. */
  live: boolean;
  applied: { events: number; ignored: number };
}

const atClock = (now: Date): Clock => ({ now: () => now });

/** Owns the live gate sessions; the release state machine drives it (see docs/ingest.md). */
export class GateSessionService {
  private readonly index = new SessionIndex();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly committer: GroupCommit<CommitItem>;
  private readonly linger = new CommitLinger();

  constructor(
    private readonly deps: {
      transact: Transact<GateSessionStores>;
      stores: GateSessionStores;
      clock: Clock;
      logger: Logger;
      rider?: CommitRider;
    },
  ) {
    this.committer = new GroupCommit<CommitItem>({
      write: (items) => this.write(items),
      linger: () => this.linger.settle(),
      onError: (err, attempt) => deps.logger.error({ err, attempt }, 'gate state commit failed; retrying'),
    });
  }

  /** At boot: restores the sessions of every non-terminal release that has persisted gate state. */
  async load(): Promise<number> {
    await this.deps.rider?.load();
    const active = await this.deps.stores.releases.list({ active: true });
    // Promoted releases still in their cool-down keep watching their late labels.
    const now = this.deps.clock.now().getTime();
    const watching = (await this.deps.stores.releases.list({ statuses: ['promoted'] })).filter(
      (r) => r.status === 'promoted' && Date.parse(r.state.cooldownEndsAt) > now && watchesAfterPromotion(r),
    );
    const releases = [...active, ...watching];
    const rows = await this.deps.stores.gateStates.list(releases.map((r) => r.id));
    const byId = new Map(releases.map((r) => [r.id, r]));
    let loaded = 0;
    for (const row of rows) {
      const release = byId.get(row.releaseId);
      if (release === undefined || this.index.get(row.releaseId) !== undefined) continue;
      // One unreadable row must not keep the server (and every other release) from starting.
      try {
        if (row.state.version !== SNAPSHOT_VERSION)
          throw new Error(`unknown snapshot version ${String(row.state.version)}`);
        const restored = session(release, restoreReleaseState(row.state), false);
        if (release.status === 'promoted') restored.labelsOnly = true;
        this.index.add(restored);
        loaded += 1;
      } catch (err) {
        this.deps.logger.error(
          { err, releaseId: row.releaseId },
          'gate state not restored; its gates stay unevaluated',
        );
      }
    }
    return loaded;
  }

  /**
   * Starts a release's gate session (idempotent): resumes its persisted state if it has one,
   * else creates it from the ticket, workflow and bundles and persists it before returning.
   * Call it outside any transaction of yours: it reads the registry and commits on its own.
   */
  async start(release: ReleaseRecord, at: Date, options: GateStartOptions = {}): Promise<void> {
    if (this.index.get(release.id) !== undefined) return;
    const pending = this.starting.get(release.id);
    if (pending !== undefined) return pending;
    const work = this.create(release, at, options).finally(() => this.starting.delete(release.id));
    this.starting.set(release.id, work);
    return work;
  }

  private async create(release: ReleaseRecord, at: Date, options: GateStartOptions): Promise<void> {
    const { stores } = this.deps;
    const row = await stores.gateStates.get(release.id);
    let state: ReleaseGateState;
    if (row !== undefined) state = restoreReleaseState(row.state);
    else {
      const [workflow, control, candidate] = await Promise.all([
        stores.registry.getWorkflow(release.workflow),
        stores.registry.getBundle(release.workflow, release.spec.control),
        stores.registry.getBundle(release.workflow, release.spec.candidate),
      ]);
      const context = { workflow: workflow?.spec, control: control?.spec, candidate: candidate?.spec };
      state = createReleaseState(gateConfigFor(release, context, options), at);
    }
    this.index.add(session(release, state, row === undefined));
    await this.commit({});
  }

  /** Stops a release's session: no more events are routed to it; its final state is persisted. */
  async stop(releaseId: string): Promise<void> {
    const s = this.index.get(releaseId);
    if (s === undefined) return;
    this.index.unroute(releaseId);
    await this.commit({});
    this.index.remove(releaseId);
  }

  /**
   * After promotion: the session stays live through the cool-down for its late labels only
   * (delayed and late-label gates keep watching); outcomes no longer reach it. False if not live.
   */
  async watchLabels(releaseId: string): Promise<boolean> {
    const s = this.index.get(releaseId);
    if (s === undefined) return false;
    s.labelsOnly = true;
    await this.commit({});
    return true;
  }

  /** Whether a release has a live session. */
  isLive(releaseId: string): boolean {
    return this.index.get(releaseId) !== undefined;
  }

  /** A new stage began (stage windows restart); persisted before returning. False if not live. */
  async startStage(releaseId: string, at: Date): Promise<boolean> {
    const s = this.index.get(releaseId);
    if (s === undefined) return false;
    startStage(s.state, at);
    s.dirty = true;
    await this.commit({});
    return true;
  }

  /** One health probe of an arm's endpoint. False if not live. */
  async probe(releaseId: string, arm: Arm, ok: boolean, at: Date): Promise<boolean> {
    const s = this.index.get(releaseId);
    if (s === undefined) return false;
    applyProbe(s.state, { arm, ok, at });
    s.dirty = true;
    await this.commit({});
    return true;
  }

  /**
   * The tick: evaluates every gate at `now` and keeps what evaluation advances (the `sustained:`
   * clocks, the sequential tests' frozen levels), persisted before returning. `undefined` if the
   * release has no live session.
   */
  async evaluate(releaseId: string, now: Date, options: EvaluateOptions = {}): Promise<ReleaseEvaluation | undefined> {
    const s = this.index.get(releaseId);
    if (s === undefined) return undefined;
    const { evaluation, state } = evaluateRelease(s.state, atClock(now), options);
    s.state = state;
    s.dirty = true;
    await this.commit({});
    return evaluation;
  }

  /** A read-only evaluation at `now` (nothing advances): live, or from the persisted state. */
  async view(releaseId: string, now: Date): Promise<GateView | undefined> {
    const live = this.index.get(releaseId);
    const state = await this.stateOf(releaseId);
    if (state === undefined) return undefined;
    const { evaluation } = evaluateRelease(state, atClock(now));
    const { events, ignored } = state.applied;
    return { evaluation, live: live !== undefined, applied: { events, ignored } };
  }

  /** A release's live state, else its last persisted one; `undefined` if it has none. */
  async stateOf(releaseId: string): Promise<ReleaseGateState | undefined> {
    const live = this.index.get(releaseId);
    if (live !== undefined) return live.state;
    const row = await this.deps.stores.gateStates.get(releaseId);
    return row === undefined || row.state.version !== SNAPSHOT_VERSION ? undefined : restoreReleaseState(row.state);
  }

  /** Forces a gate breached or passing, or clears that (R4.5); audited in the same commit. */
  async override(releaseId: string, request: GateOverrideRequest): Promise<GateOverrideOutcome> {
    const s = this.index.get(releaseId);
    if (s === undefined) return { ok: false, error: 'not_live' };
    const result = applyOverride(s.state, releaseId, request);
    if (!result.ok) return result;
    s.state = result.state;
    s.dirty = true;
    await this.commit({ audit: result.audit });
    const { evaluation } = evaluateRelease(s.state, atClock(request.at));
    const gate = evaluation.gates.find((g) => g.gate === request.gate);
    return gate === undefined ? { ok: false, error: 'unknown_gate' } : { ok: true, evaluation: gate };
  }

  /**
   * Runs `fn` on a live release's gate state in memory — a signal reading or an alert (R4.5) — and
   * marks it for the next commit. `undefined` when the release has no live session.
   */
  update<T>(releaseId: string, fn: (state: ReleaseGateState, release: SessionRelease) => T): T | undefined {
    const s = this.index.get(releaseId);
    if (s === undefined || !s.routed) return undefined;
    s.dirty = true;
    return fn(s.state, s.release);
  }

  /** The live sessions' releases and states, to read (alerts are matched against them); change them through {@link update}. */
  liveSessions(): { release: SessionRelease; state: ReleaseGateState }[] {
    return [...this.index.all()].filter((s) => s.routed).map((s) => ({ release: s.release, state: s.state }));
  }

  /** The session an event belongs to (see {@link SessionIndex.route}). */
  route(event: EventBatchItem): GateSession | undefined {
    return this.index.route(event);
  }

  /** Applies an edge summary to a session in memory (`summary-apply.ts`); the next commit persists it. */
  applySummary(s: GateSession, summary: SummaryEvent): ApplyResult {
    s.dirty = true;
    return applySummary(s.state, summary);
  }

  /** Applies an event to a session in memory; the next commit persists it. */
  apply(s: GateSession, event: IngestEvent): ApplyResult {
    s.dirty = true;
    return applyEvent(s.state, event);
  }

  /**
   * Announces a batch that will soon {@link commit}: the next commit waits for it a little
   * (`commit-linger.ts`). Call the returned function once the batch has submitted or given up.
   */
  expectBatch(): () => void {
    return this.linger.expect();
  }

  /** Persists every dirty session together with `item`; resolves once committed. */
  commit(item: CommitItem): Promise<void> {
    return this.committer.submit(item);
  }

  /** Commit items not yet written, and what the group commit has written so far. */
  commitStats(): GroupCommitStats & { pending: number } {
    return { ...this.committer.stats, pending: this.committer.pending };
  }

  /** Persists whatever is dirty and waits for every commit in flight (shutdown). */
  async flush(): Promise<void> {
    await this.commit({ flush: true });
    await this.committer.drain();
  }

  /** Gives up on commits still failing (shutdown with the store gone). */
  abandon(reason: string): void {
    this.committer.abandon(new Error(reason));
  }

  private async write(items: readonly CommitItem[]): Promise<void> {
    // Snapshot synchronously, before the first await: every batch applied so far is in these
    // snapshots, and every such batch's key is in `items` (apply and submit happen in one tick).
    const now = this.deps.clock.now();
    const dirty = [...this.index.all()].filter((s) => s.dirty);
    // Straight to JSON text (no snapshot object): this runs on the event loop at every commit.
    // The request index goes in chunks, only those changed since the last commit (gate-state-chunks.ts).
    const rows: GateStateJsonRow[] = [];
    const written: (() => void)[] = [];
    for (const s of dirty) {
      s.dirty = false;
      const { texts, done } = stateTexts(s.release.id, s.state);
      const applied = s.state.applied.events;
      for (const t of texts) rows.push({ releaseId: t.rowId, json: t.json, applied, updatedAt: now });
      written.push(done);
    }
    const rider = this.deps.rider?.texts(
      now,
      items.some((i) => i.flush === true),
    );
    if (rider !== undefined) {
      rows.push(...rider.rows);
      written.push(rider.done);
    }
    try {
      const encoded = await Promise.all(rows.map(encodeGateStateJson));
      await this.deps.transact((tx) => writeCommit(tx, encoded, items));
      for (const done of written) done();
    } catch (error) {
      for (const s of dirty) s.dirty = true;
      throw error;
    }
  }
}

/** One group commit's statements: gate states, batch keys, audit entries, key pruning. */
async function writeCommit(
  tx: GateSessionStores,
  rows: EncodedGateStateRow[],
  items: readonly CommitItem[],
): Promise<void> {
  await tx.gateStates.save(rows);
  const batches = new Map<string, IngestBatchRow>();
  for (const i of items) if (i.batch !== undefined && !batches.has(i.batch.key)) batches.set(i.batch.key, i.batch);
  await tx.ingestBatches.insert([...batches.values()]);
  for (const i of items) if (i.audit !== undefined) await tx.audit.append(i.audit);
  const prune = items.reduce<Date | undefined>((p, i) => i.pruneBefore ?? p, undefined);
  if (prune !== undefined) await tx.ingestBatches.prune(prune);
}

function session(release: ReleaseRecord, state: ReleaseGateState, dirty: boolean): GateSession {
  const { id, workflow, environment, name } = release;
  return { release: { id, workflow, environment, name }, state, dirty, routed: false };
}

/** The sessions as the release state machine's {@link GatePort} (features/releases/machine/gate-port.ts). */
export function sessionGatePort(sessions: GateSessionService): GatePort {
  return {
    start: (release, at) => sessions.start(release, at),
    startStage: async (releaseId, at) => {
      await sessions.startStage(releaseId, at);
    },
    evaluate: async (releaseId, now) => (await sessions.evaluate(releaseId, now))?.gates ?? [],
    stop: (releaseId) => sessions.stop(releaseId),
    watchLabels: async (releaseId) => {
      await sessions.watchLabels(releaseId);
    },
    probe: async (releaseId, arm, ok, at) => {
      await sessions.probe(releaseId, arm, ok, at);
    },
  };
}
