/**
 * What changed in the store, for the dashboard's live updates (issue 18). While someone listens it
 * reads, once a second, what was written since its cursors: audit entries (and the incidents
 * they name) and release timeline entries by their sequence (exact), gate states, rollback runs,
 * incidents and configuration revisions by their timestamps. Reading the store, rather than hooking every service, sees every
 * writer — the tick, a request, another replica on the same PostgreSQL — and only what committed.
 * A change says which object and workflow; the dashboard re-reads that object through the API.
 */
import { and, desc, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import {
  auditLog,
  configRevisions,
  gateStates,
  incidents,
  releaseEvents,
  releases,
  rollbackRuns,
} from '../../db/schema.js';
import type { Logger } from '../../logger.js';
import { placeOf, type ReleaseOfSubject } from '../audit/audit-scope.js';

/** What kind of object changed. */
export type ChangeKind = 'release' | 'gates' | 'run' | 'incident' | 'config' | 'audit';

/**
 * One changed object. `workflow` null: not tied to one (then only the audit log, and only for an
 * unscoped token: an audit entry of no workflow may name any workflow's people and ids).
 */
export interface Change {
  kind: ChangeKind;
  id: string;
  workflow: string | null;
  environment: string | null;
  releaseId: string | null;
}

/** Called with each poll's changes (never empty), and once with `null` when the feed shuts down. */
export type ChangeListener = (changes: readonly Change[] | null) => void;

interface Cursor {
  auditSeq: number;
  eventId: number;
  /** The newest timestamp read from the timestamped tables, and the rows read at exactly it. */
  at: Date;
  atKeys: Set<string>;
}

/** Polls the store for changes while anyone is subscribed. */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private timer: NodeJS.Timeout | undefined;
  private cursor: Cursor | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: { db: Db; logger: Logger; intervalMs?: number }) {}

  /** Adds a listener (starting the polling with the first); returns how to remove it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => void this.tick(), this.deps.intervalMs ?? 1000);
    this.timer.unref();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  /** Ends every subscription (server shutdown): each listener hears `null` once. */
  shutdown(): void {
    for (const listener of [...this.listeners]) listener(null);
    this.listeners.clear();
    this.close();
  }

  private close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.cursor = undefined;
  }

  private async tick(): Promise<void> {
    if (this.running !== undefined) return;
    this.running = this.poll()
      .then((changes) => {
        if (changes.length > 0) for (const listener of this.listeners) listener(changes);
      })
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'change feed poll failed; retrying'))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /** The changes since the last poll (the first poll only sets the cursors). */
  async poll(): Promise<Change[]> {
    const cursor = this.cursor;
    if (cursor === undefined) {
      this.cursor = await this.start();
      return [];
    }
    const [audit, events, timed] = await Promise.all([
      this.auditSince(cursor),
      this.eventsSince(cursor),
      this.timedSince(cursor),
    ]);
    return dedupe([...audit, ...events, ...timed]);
  }

  private async start(): Promise<Cursor> {
    const { db } = this.deps;
    const [a] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const [e] = await db.select({ id: releaseEvents.id }).from(releaseEvents).orderBy(desc(releaseEvents.id)).limit(1);
    const times = await Promise.all(
      [gateStates.updatedAt, rollbackRuns.updatedAt, incidents.updatedAt, configRevisions.at].map(async (column) => {
        const [row] = await db.select({ at: column }).from(column.table).orderBy(desc(column)).limit(1);
        return row?.at.getTime() ?? 0;
      }),
    );
    return { auditSeq: a?.seq ?? 0, eventId: e?.id ?? 0, at: new Date(Math.max(...times)), atKeys: new Set() };
  }

  private async auditSince(cursor: Cursor): Promise<Change[]> {
    const rows = await this.deps.db
      .select({ seq: auditLog.seq, subject: auditLog.subject, action: auditLog.action })
      .from(auditLog)
      .where(gt(auditLog.seq, cursor.auditSeq))
      .orderBy(auditLog.seq)
      .limit(500);
    const last = rows.at(-1);
    if (last === undefined) return [];
    cursor.auditSeq = last.seq;
    const releaseOf = await releasesOfSubjects(this.deps.db, rows);
    // One audit change per place (the newest entry there), so a scoped token hears only of its
    // workflows' entries; entries of no workflow (tokens, alerts) are for unscoped tokens only.
    const byPlace = new Map<string, Change>();
    // Incidents an entry was about (a customer message, a review) are re-read too.
    const changes: Change[] = await this.incidentsOf(rows.map((r) => r.subject).filter((x) => x.startsWith('inc_')));
    for (const r of rows) {
      const place = await placeOf(r, releaseOf);
      const workflow = place?.workflow ?? null;
      const environment = place?.environment ?? null;
      byPlace.set(`${workflow}|${environment}`, {
        kind: 'audit',
        id: String(r.seq),
        workflow,
        environment,
        releaseId: null,
      });
      // A workflow-level subject (`workflow/...`) re-reads that workflow's pages too.
      const slash = r.subject.indexOf('/');
      if (slash > 0 && !r.subject.startsWith('rel_'))
        changes.push({
          kind: 'config',
          id: r.subject,
          workflow: r.subject.slice(0, slash),
          environment: null,
          releaseId: null,
        });
    }
    return [...byPlace.values(), ...changes];
  }

  /** Incidents an audit entry was about (a customer message, a review): exact, by the log's sequence. */
  private async incidentsOf(ids: readonly string[]): Promise<Change[]> {
    if (ids.length === 0) return [];
    const rows = await this.deps.db
      .select({
        id: incidents.id,
        workflow: releases.workflow,
        environment: releases.environment,
        releaseId: releases.id,
      })
      .from(incidents)
      .innerJoin(releases, eq(releases.id, incidents.releaseId))
      .where(inArray(incidents.id, [...new Set(ids)]));
    return rows.map((r) => ({ kind: 'incident', ...r }));
  }

  private async eventsSince(cursor: Cursor): Promise<Change[]> {
    const rows = await this.deps.db
      .select({
        id: releaseEvents.id,
        releaseId: releases.id,
        workflow: releases.workflow,
        environment: releases.environment,
      })
      .from(releaseEvents)
      .innerJoin(releases, eq(releases.id, releaseEvents.releaseId))
      .where(gt(releaseEvents.id, cursor.eventId))
      .orderBy(releaseEvents.id)
      .limit(500);
    const last = rows.at(-1);
    if (last !== undefined) cursor.eventId = last.id;
    return rows.map((r) => ({
      kind: 'release',
      id: r.releaseId,
      workflow: r.workflow,
      environment: r.environment,
      releaseId: r.releaseId,
    }));
  }

  private async timedSince(cursor: Cursor): Promise<Change[]> {
    const { db } = this.deps;
    const since = cursor.at;
    const release = { workflow: releases.workflow, environment: releases.environment, releaseId: releases.id };
    const [gates, runs, found, configs] = await Promise.all([
      db
        .select({ id: releases.id, at: gateStates.updatedAt, ...release })
        .from(gateStates)
        .innerJoin(releases, eq(releases.id, sql`left(${gateStates.releaseId}, 16)`))
        .where(gte(gateStates.updatedAt, since)),
      db
        .select({ id: rollbackRuns.id, at: rollbackRuns.updatedAt, ...release })
        .from(rollbackRuns)
        .innerJoin(releases, eq(releases.id, rollbackRuns.releaseId))
        .where(gte(rollbackRuns.updatedAt, since)),
      db
        .select({ id: incidents.id, at: incidents.updatedAt, ...release })
        .from(incidents)
        .innerJoin(releases, eq(releases.id, incidents.releaseId))
        .where(gte(incidents.updatedAt, since)),
      db
        .select({
          workflow: configRevisions.workflow,
          environment: configRevisions.environment,
          at: configRevisions.at,
        })
        .from(configRevisions)
        .where(and(gte(configRevisions.at, since))),
    ]);
    const rows: (Change & { at: Date })[] = [
      ...gates.map((r) => ({ ...r, kind: 'gates' as const })),
      ...runs.map((r) => ({ ...r, kind: 'run' as const })),
      ...found.map((r) => ({ ...r, kind: 'incident' as const })),
      ...configs.map((r) => ({ ...r, kind: 'config' as const, id: `${r.workflow}/${r.environment}`, releaseId: null })),
    ];
    return advanceTime(cursor, rows);
  }
}

/**
 * The rows not yet reported: newer than the cursor, or at it but not read at it before (several
 * writes in one millisecond of a simulated clock). Moves the cursor to the newest row.
 */
function advanceTime(cursor: Cursor, rows: readonly (Change & { at: Date })[]): Change[] {
  const key = (r: Change & { at: Date }) => `${r.kind}:${r.id}:${r.at.getTime()}`;
  const fresh = rows.filter((r) => r.at.getTime() > cursor.at.getTime() || !cursor.atKeys.has(key(r)));
  const newest = Math.max(cursor.at.getTime(), ...rows.map((r) => r.at.getTime()));
  if (newest > cursor.at.getTime()) {
    cursor.at = new Date(newest);
    cursor.atKeys = new Set();
  }
  for (const r of rows) if (r.at.getTime() === newest) cursor.atKeys.add(key(r));
  return fresh.map(({ kind, id, workflow, environment, releaseId }) => ({
    kind,
    id,
    workflow,
    environment,
    releaseId,
  }));
}

/** Where the release and incident ids among audit subjects live (one read per table). */
async function releasesOfSubjects(db: Db, rows: readonly { subject: string }[]): Promise<ReleaseOfSubject> {
  const ids = [...new Set(rows.map((r) => r.subject).filter((s) => !s.includes('/')))];
  if (ids.length === 0) return () => Promise.resolve(undefined);
  const place = { workflow: releases.workflow, environment: releases.environment };
  const [direct, viaIncident] = await Promise.all([
    db
      .select({ id: releases.id, ...place })
      .from(releases)
      .where(inArray(releases.id, ids)),
    db
      .select({ id: incidents.id, ...place })
      .from(incidents)
      .innerJoin(releases, eq(releases.id, incidents.releaseId))
      .where(inArray(incidents.id, ids)),
  ]);
  const found = new Map(
    [...direct, ...viaIncident].map((r) => [r.id, { workflow: r.workflow, environment: r.environment }]),
  );
  return (id) => Promise.resolve(found.get(id));
}

function dedupe(changes: readonly Change[]): Change[] {
  const seen = new Map<string, Change>();
  for (const c of changes) seen.set(`${c.kind}:${c.id}`, c);
  return [...seen.values()];
}
