/**
 * Test and benchmark support (the machine never imports it): marks a pending release running
 * through the transition table, without readiness, stages or traffic, so a test can feed its gates.
 */
import type { MachineStores } from './machine-stores.js';
import type { ReleaseRecord } from '../release-store.js';
import { transition } from './transitions.js';

/** Moves a pending release to running at `at` (its stage clock starts then; no traffic is published). */
export function forceRunning(stores: MachineStores, release: ReleaseRecord, at: Date): Promise<ReleaseRecord> {
  return transition(
    stores,
    undefined,
    release,
    'start',
    { state: { stage: { startedAt: at.toISOString() }, gateSince: {} }, startedAt: at },
    { at, kind: 'release.started', actor: 'test', details: { forced: true } },
  );
}
