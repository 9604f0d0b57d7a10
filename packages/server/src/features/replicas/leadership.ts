/**
 * One leader among the replicas on one PostgreSQL (ADR 0014). A replica is the leader while it
 * holds the session advisory lock {@link LEADER_LOCK} on a connection of its own; on taking it, it
 * bumps the fencing token in `ripcord_leader` and sets it on every pooled connection (see
 * `db/database.ts`), so the `ripcord_fence` trigger refuses the acting writes of any replica that
 * is not the current leader — including a deposed one that has not noticed yet. A replica that
 * loses the lock (its connection breaks, or the token moved on) does not try to step down in
 * place: it reports the loss and the server exits, to come back as a follower.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../../logger.js';

/** The advisory lock key of leadership ('ripc' 'lead' as two int4 halves). */
export const LEADER_LOCK = { hi: 0x72697063, lo: 0x6c656164 } as const;

/** What a replica is doing now. */
export type Role = 'follower' | 'taking-over' | 'leader';

/** The lease as stored: who leads, where to reach it, since when. */
export interface Lease {
  token: number;
  holder: string;
  url: string | null;
  since: Date;
}

/** How a replica learns of leadership; `single` is the one-process store (PGlite), always leader. */
export interface LeaderView {
  readonly role: Role;
  isLeader(): boolean;
  /** The current lease (cached up to `maxAgeMs`); undefined when nobody holds it. */
  lease(maxAgeMs?: number): Promise<Lease | undefined>;
  readonly holder: string;
}

/** Options of {@link Leadership}. */
export interface LeadershipOptions {
  databaseUrl: string;
  logger: Logger;
  /** The URL other replicas forward acting requests to (known once the server listens). */
  advertiseUrl: () => string;
  /** Sets the fencing token on the pool's connections (undefined: none). */
  setFence: (token: number | undefined) => void;
  /** Runs once the lease is ours, before the replica calls itself leader. */
  onElected: (token: number) => Promise<void>;
  /** Called once if leadership is lost (the server exits). */
  onLost: (reason: string) => void;
  /** How often a follower tries the lock and a leader checks its lease (default 500 ms). */
  pollMs?: number;
}

/** Elects this replica through PostgreSQL when the lock is free, and watches that it keeps it. */
export class Leadership implements LeaderView {
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private current: Role = 'follower';
  private token: number | undefined;
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lost = false;
  private cached: { at: number; lease: Lease | undefined } | undefined;
  private readonly pool: pg.Pool;

  constructor(private readonly options: LeadershipOptions) {
    // Reads of the lease (where to forward) use a small pool of their own, never the lock's client.
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
    this.pool.on('error', () => undefined);
  }

  get role(): Role {
    return this.current;
  }

  isLeader(): boolean {
    return this.current === 'leader';
  }

  /** Starts trying for the lock (and watching it once held). */
  start(): void {
    this.schedule(0);
  }

  async lease(maxAgeMs = 1000): Promise<Lease | undefined> {
    const now = Date.now();
    if (this.cached !== undefined && now - this.cached.at < maxAgeMs) return this.cached.lease;
    const { rows } = await this.pool.query<{ token: string; holder: string; url: string | null; since: Date }>(
      'select token, holder, url, since from ripcord_leader where id = 1',
    );
    const row = rows[0];
    const lease = row && { token: Number(row.token), holder: row.holder, url: row.url, since: row.since };
    this.cached = { at: now, lease };
    return lease;
  }

  /** Lets the lock go (a graceful stop): a follower takes over at its next try. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await client.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped || this.lost) return;
    this.timer = setTimeout(() => void this.step(), ms);
    this.timer.unref();
  }

  private async step(): Promise<void> {
    try {
      if (this.current === 'follower') await this.tryLock();
      else if (this.current === 'leader') await this.check();
    } catch (error) {
      if (this.current !== 'follower') return this.lose(`the lock connection failed: ${message(error)}`);
      this.options.logger.warn({ err: error }, 'leader election: cannot reach PostgreSQL; retrying');
      await this.dropClient();
    }
    this.schedule(this.options.pollMs ?? 500);
  }

  private async connect(): Promise<pg.Client> {
    if (this.client !== undefined) return this.client;
    const client = new pg.Client({ connectionString: this.options.databaseUrl, keepAlive: true });
    client.on('error', (error) => {
      if (this.current !== 'follower') this.lose(`the lock connection failed: ${error.message}`);
    });
    client.on('end', () => {
      if (this.client === client) this.client = undefined;
      if (this.current !== 'follower' && !this.stopped) this.lose('the lock connection ended');
    });
    await client.connect();
    await client.query(`set application_name = 'ripcord leader election'`);
    this.client = client;
    return client;
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async tryLock(): Promise<void> {
    const client = await this.connect();
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
      LEADER_LOCK.hi,
      LEADER_LOCK.lo,
    ]);
    if (rows[0]?.ok !== true) return;
    this.current = 'taking-over';
    // Waits for every transaction a previous leader still has open on a fenced table (FOR SHARE).
    const bumped = await client.query<{ token: string }>(
      `insert into ripcord_leader (id, token, holder, url, since) values (1, 1, $1, $2, now())
       on conflict (id) do update set token = ripcord_leader.token + 1, holder = excluded.holder,
         url = excluded.url, since = excluded.since
       returning token`,
      [this.holder, this.options.advertiseUrl()],
    );
    const token = Number(bumped.rows[0]!.token);
    this.token = token;
    this.cached = undefined;
    this.options.setFence(token);
    this.options.logger.info({ token, holder: this.holder }, 'elected leader; taking over');
    await this.options.onElected(token);
    if (this.lost || this.stopped) return;
    this.current = 'leader';
    this.options.logger.info({ token }, 'leader');
  }

  private async check(): Promise<void> {
    const client = this.client;
    if (client === undefined) return this.lose('the lock connection is gone');
    const { rows } = await client.query<{ token: string }>('select token from ripcord_leader where id = 1');
    const token = rows[0] === undefined ? undefined : Number(rows[0].token);
    if (token !== this.token) this.lose(`the fencing token moved on (ours ${this.token}, now ${String(token)})`);
  }

  private lose(reason: string): void {
    if (this.lost || this.stopped) return;
    this.lost = true;
    this.current = 'follower';
    this.options.setFence(undefined);
    clearTimeout(this.timer);
    this.options.logger.error({ reason }, 'leadership lost');
    this.options.onLost(reason);
  }
}

/** The one-process store (PGlite): always the leader, nothing to elect. */
export const singleProcess: LeaderView = {
  role: 'leader',
  isLeader: () => true,
  lease: () => Promise.resolve(undefined),
  holder: 'single',
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
