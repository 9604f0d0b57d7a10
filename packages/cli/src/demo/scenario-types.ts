/** What a scenario run shares and answers (scenario-runner.ts runs it, scenario-run.ts steps it). */
import type { Arm } from '@ripcord/protocol';
import type { ApiClient } from '../client.js';
import type { ControlPlane } from './control-plane.js';
import type { DemoSink, Incident } from './demo-events.js';
import type { StoredRecords } from './outcome-check.js';
import type { Scenario } from './scenarios.js';
import type { ArmTally } from './simulated-app.js';

export const MINUTE = 60_000;
/** Statuses a release can no longer leave. */
export const terminal: ReadonlySet<string> = new Set(['promoted', 'rolled-back', 'aborted']);

/** What every scenario shares. */
export interface RunContext {
  cp: ControlPlane;
  sdkToken: string;
  /** API clients of the workflow owners, by token subject. */
  owners: ReadonlyMap<string, ApiClient>;
  /** Simulated seconds per real second, or as fast as possible. */
  speed: number | 'max';
  tickMs: number;
  seed: number;
  emit: DemoSink;
  number: number;
  of: number;
  /** Simulated minutes between status lines. */
  statusEveryMinutes: number;
  /** Simulated minutes after a restore within which the server must have verified it. */
  verifyWithinMinutes: number;
  /** Features each ride-pricing bundle's pipeline declares, by bundle version. */
  featuresByBundle: ReadonlyMap<string, readonly string[]>;
  /** Health URLs each bundle declares, by bundle version. */
  healthByBundle: ReadonlyMap<string, readonly string[]>;
  /** Stops the scenario at the next tick. */
  signal?: AbortSignal;
}

/** How a scenario ended. */
export interface ScenarioResult {
  scenario: Scenario;
  releaseId: string | null;
  ok: boolean;
  expected: string;
  actual: string;
  failures: string[];
  incident: Incident | null;
  /** Whether the application's own checks of the restore passed (null: no restore to check). */
  appCheckPassed: boolean | null;
  records: StoredRecords | null;
  /** The app's tallies, per phase and arm. */
  tallies: Record<string, Record<Arm, ArmTally>>;
  requests: number;
  simulatedSeconds: number;
  realSeconds: number;
}

/** A result in the making: what is known so far, and the failures. */
export type ResultFields = Partial<ScenarioResult> & { failures: string[] };
