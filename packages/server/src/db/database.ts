import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';

/** The drizzle database both engines expose; stores take this (or a transaction, which is one). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open store: the database, which engine it is, and how to close it. */
export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** PGlite only: a tarball of the data directory, for fast test fixtures. */
  dump?: () => Promise<Blob>;
  /**
   * PostgreSQL only: the URL, and how to set the leader's fencing token on every pooled connection
   * (ADR 0014; undefined: this process writes without one, which the fenced tables refuse once any
   * replica has been elected).
   */
  postgres?: { url: string; setFence(token: number | undefined): void };
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * Opens the embedded PGlite store. `dataDir` undefined means in memory; `loadDataDir` starts from
 * a dump (tests use a migrated snapshot instead of paying for initdb each time).
 */
export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Database> {
  const client = await PGlite.create({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir !== undefined ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
  return {
    db,
    engine: 'pglite',
    close: () => client.close(),
    dump: async () => {
      const data = await client.dumpDataDir('none');
      return data;
    },
  };
}

/** Opens PostgreSQL at `url` and applies migrations. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new FencedPool({ connectionString: url, max: 10 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema });
  await migratePg(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    engine: 'postgres',
    close: () => pool.end(),
    postgres: {
      url,
      setFence: (token) => {
        pool.fence = token === undefined ? '' : String(token);
      },
    },
  };
}

type Checkout = (err: Error | undefined, client: pg.PoolClient | undefined, release: () => void) => void;

/**
 * A pool that puts the leader's fencing token (ADR 0014) on each connection it hands out, before
 * the borrower's first query, whenever it changed since that connection's last checkout. Both
 * forms of `connect` go through here (`pool.query` uses the callback form).
 */
class FencedPool extends pg.Pool {
  fence = '';
  private readonly fenced = new WeakMap<pg.PoolClient, string>();

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: Checkout): void;
  override connect(callback?: Checkout): Promise<pg.PoolClient> | void {
    const checkout = this.checkout();
    if (callback === undefined) return checkout;
    checkout.then(
      (client) => callback(undefined, client, () => client.release()),
      (error: Error) => callback(error, undefined, () => undefined),
    );
  }

  private async checkout(): Promise<pg.PoolClient> {
    const client = await super.connect();
    const fence = this.fence;
    if ((this.fenced.get(client) ?? '') === fence) return client;
    try {
      await client.query(`select set_config('ripcord.fence', $1, false)`, [fence]);
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    this.fenced.set(client, fence);
    return client;
  }
}
