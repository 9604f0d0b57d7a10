import { AuditStore } from '../features/audit/audit-store.js';
import { TokenStore } from '../features/auth/token-store.js';
import { RegistryStore } from '../features/bundles/registry-store.js';
import { ConfigStore } from '../features/flags/config-store.js';
import { ReleaseStore } from '../features/releases/release-store.js';
import type { Db } from './database.js';

/** Every store, bound to one database handle (the pool or a transaction). */
export interface Stores {
  registry: RegistryStore;
  tokens: TokenStore;
  audit: AuditStore;
  config: ConfigStore;
  releases: ReleaseStore;
}

/** Binds all stores to `db`. */
export function bindStores(db: Db): Stores {
  return {
    registry: new RegistryStore({ db }),
    tokens: new TokenStore({ db }),
    audit: new AuditStore({ db }),
    config: new ConfigStore({ db }),
    releases: new ReleaseStore({ db }),
  };
}

/** Runs `work` in one transaction with every store bound to it: all of it commits or none. */
export function inTransaction<T>(db: Db, work: (stores: Stores) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(bindStores(tx as unknown as Db)));
}
