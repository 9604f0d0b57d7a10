/** What the incident feature reads and writes, and the ports it is given (create-app.ts wires them). */
import type { Clock } from '../../clock.js';
import type { AuditStore } from '../audit/audit-store.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { ConfigService } from '../flags/config-service.js';
import type { VerificationPort } from '../ingest/verification-sessions.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { NotificationOutboxStore } from '../notifications/outbox-store.js';
import type { HealthProbe } from '../releases/readiness/readiness.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { RunStore } from '../rollbacks/run-store.js';
import type { BlastRadius, IncidentStore } from './incident-store.js';

/** The stores incidents read and write (bound to the caller's transaction where one is given). */
export interface IncidentStores {
  registry: RegistryStore;
  releases: ReleaseStore;
  runs: RunStore;
  incidents: IncidentStore;
  audit: AuditStore;
  notifications: NotificationOutboxStore;
}

/** Where blast-radius counts come from (the ingest feature counts what the candidate served). */
export interface ExposurePort {
  exposure(releaseId: string): Promise<BlastRadius | null>;
}

/** Dependencies of the incident service. */
export interface IncidentDeps {
  stores: IncidentStores;
  clock: Clock;
  config: ConfigService;
  probe: HealthProbe;
  exposure?: ExposurePort;
  /** Reads the gates that fired on the restored route (ingest's verification sessions, with signal polls). */
  verification?: VerificationPort;
  notifications?: NotificationService;
  /** How long verification watches the restored route at first (default 5 minutes). */
  verificationWindowMs?: number;
  /** How long after the restore extensions for want of samples may last (default 60 minutes). */
  verificationMaxMs?: number;
}
