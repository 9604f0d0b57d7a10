import type { AuditStore } from '../../audit/audit-store.js';
import type { RegistryStore } from '../../bundles/registry-store.js';
import type { ConfigStore } from '../../flags/config-store.js';
import type { IncidentStore } from '../../incidents/incident-store.js';
import type { NotificationOutboxStore } from '../../notifications/outbox-store.js';
import type { RunStore } from '../../rollbacks/run-store.js';
import type { ReleaseStore } from '../release-store.js';

/**
 * The stores the release machine reads and writes (bound to its transaction inside `transact`):
 * its releases and their timeline, the registry it reads bundles and labels from, the rollback runs
 * it claims, the incidents and notifications a settle writes, the audit log, and the configuration
 * the incident and stage writes go through.
 */
export interface MachineStores {
  registry: RegistryStore;
  config: ConfigStore;
  releases: ReleaseStore;
  runs: RunStore;
  incidents: IncidentStore;
  audit: AuditStore;
  notifications: NotificationOutboxStore;
}
