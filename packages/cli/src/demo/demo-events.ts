/**
 * What the demo reports as it runs: one event per thing a person would want to see. The human
 * printer turns each into lines; `--json` prints each as one JSON object per line (docs/demo.md).
 * Times (`at`) are simulated time from the control plane's clock.
 */

/** A gate's numbers, as the gates API gave them. */
export interface GateLine {
  gate: string;
  state: 'passing' | 'breached' | 'inconclusive';
  severity: string;
  statistic: number | null;
  threshold: number | null;
  control: number | null;
  samples: { candidate: number; control: number | null };
  sentence: string;
}

/** The incident of a rollback (R7, R8.2). */
export interface Incident {
  release: string;
  workflow: string;
  /** First exposure: the first canary stage began. */
  exposedAt: string;
  /** The rollback-now decision. */
  detectedAt: string;
  /** The rollback that restored the control. */
  restoredAt: string;
  /** When the demo's verification window passed. */
  verifiedAt: string | null;
  /** Detection − first exposure, in simulated seconds. */
  mttdSeconds: number;
  /** Restore − detection, in simulated seconds (same tick: 0). */
  mttrSeconds: number;
  /** Detection − verified restore, in simulated seconds. */
  verifiedSeconds: number | null;
  /** How long the restore took to reach the application's SDK, in real milliseconds. */
  propagationMs: number | null;
  level: string;
  gates: string[];
  refusals: string[];
  steps: string[];
  cannotUndo: string[];
  blastRadius: {
    /** Requests and distinct keys the candidate served before the restore (the app's own counts). */
    requests: number;
    keys: number;
    /** Outputs that failed the schema, and refunds issued automatically, on the candidate. */
    brokenOutputs: number;
    writesExecuted: number;
    source: string;
  };
  customerMessage: string | null;
}

/** Everything the demo reports. */
export type DemoEvent =
  | {
      type: 'demo.started';
      url: string;
      dataDir: string;
      speed: number | 'max';
      tickSeconds: number;
      seed: number;
      ingest: boolean;
      at: string;
    }
  | { type: 'warning'; message: string }
  | {
      type: 'scenario.started';
      scenario: string;
      number: number;
      of: number;
      title: string;
      story: string;
      workflow: string;
      release: string;
      control: string;
      candidate: string;
      requestsPerSecond: number;
      at: string;
    }
  | {
      type: 'release.started';
      scenario: string;
      at: string;
      actor: string;
      started: boolean;
      blockers: string[];
      warnings: string[];
      rollbackEstimate: string | null;
      rollbackLevel: string | null;
    }
  | { type: 'operator'; scenario: string; at: string; actor: string; action: string }
  | { type: 'offline.evidence'; scenario: string; at: string; tasks: number; passed: number }
  | {
      type: 'stage';
      scenario: string;
      at: string;
      stage: number;
      of: number;
      kind: string;
      percent: number | null;
      propagationMs: number | null;
    }
  | {
      type: 'status';
      scenario: string;
      at: string;
      stage: string;
      requests: number;
      candidateRequests: number;
      counts: { passing: number; breached: number; inconclusive: number } | null;
      gates: GateLine[];
    }
  | { type: 'decision'; scenario: string; at: string; kind: string; gates: string[]; reasoning: string }
  | {
      type: 'rollback';
      scenario: string;
      at: string;
      status: string;
      actor: string;
      level: string;
      steps: string[];
      refusals: string[];
      cannotUndo: string[];
      propagationMs: number | null;
    }
  | { type: 'notification'; scenario: string; at: string; kind: string; details: Record<string, unknown> }
  | { type: 'promoted'; scenario: string; at: string; production: string | null; previous: string | null }
  | {
      type: 'verification';
      scenario: string;
      at: string;
      passed: boolean;
      source: string;
      checks: { check: string; ok: boolean; detail: string }[];
    }
  | ({ type: 'incident'; scenario: string } & Incident)
  | {
      type: 'scenario.finished';
      scenario: string;
      ok: boolean;
      expected: string;
      actual: string;
      failures: string[];
      requests: number;
      simulatedSeconds: number;
      realSeconds: number;
    }
  | {
      type: 'summary';
      ok: boolean;
      scenarios: { scenario: string; ok: boolean; expected: string; actual: string; failures: string[] }[];
      requests: number;
      realSeconds: number;
    };

/** Where events go. */
export type DemoSink = (event: DemoEvent) => void;
