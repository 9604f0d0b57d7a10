import { AuditStore } from './features/audit/audit-store.js';
import { TokenStore } from './features/auth/token-store.js';
import { RegistryStore } from './features/bundles/registry-store.js';
import { ConfigStore } from './features/flags/config-store.js';
import { ReleaseStore } from './features/releases/release-store.js';
import { RunStore } from './features/rollbacks/run-store.js';
import { IncidentStore } from './features/incidents/incident-store.js';
import { GateStateStore } from './features/ingest/gate-state-store.js';
import { IngestBatchStore } from './features/ingest/ingest-batch-store.js';
import { NotificationOutboxStore } from './features/notifications/outbox-store.js';
import { AlertStore } from './features/alerts/alert-store.js';
import type { Db } from './db/database.js';
import type { Transact } from './db/transaction.js';

/**
 * Every store, bound to one database handle (the pool or a transaction). Only the composition root
 * and tests use the whole bag; a service declares the stores it needs (its narrow interface) and
 * receives them, and a `Transact` over them, from create-app.ts.
 */
export interface Stores {
  registry: RegistryStore;
  tokens: TokenStore;
  audit: AuditStore;
  config: ConfigStore;
  releases: ReleaseStore;
  runs: RunStore;
  incidents: IncidentStore;
  gateStates: GateStateStore;
  ingestBatches: IngestBatchStore;
  notifications: NotificationOutboxStore;
  alerts: AlertStore;
}

/** Binds all stores to `db`. */
export function bindStores(db: Db): Stores {
  return {
    registry: new RegistryStore({ db }),
    tokens: new TokenStore({ db }),
    audit: new AuditStore({ db }),
    config: new ConfigStore({ db }),
    releases: new ReleaseStore({ db }),
    runs: new RunStore({ db }),
    incidents: new IncidentStore({ db }),
    gateStates: new GateStateStore({ db }),
    ingestBatches: new IngestBatchStore({ db }),
    notifications: new NotificationOutboxStore({ db }),
    alerts: new AlertStore({ db }),
  };
}

/** Runs `work` in one transaction with every store bound to it: all of it commits or none. */
export function inTransaction<T>(db: Db, work: (stores: Stores) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(bindStores(tx as unknown as Db)));
}

/** A `Transact` over every store, bound to `db` (create-app.ts hands it to services as their narrow one). */
export function transactor(db: Db): Transact<Stores> {
  return (work) => inTransaction(db, work);
}
