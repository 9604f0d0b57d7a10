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

/** The incident of a rollback (R7, R8.2): the server's incident record, and what only the app knows. */
export interface Incident {
  /** The server's incident id; null when this server keeps no incident records. */
  id: string | null;
  /** verifying, verified, escalated or closed (the server's), or `not recorded`. */
  status: string;
  release: string;
  workflow: string;
  /** First exposure (the first stage with traffic), detection, decision, restore, verified restore. */
  exposedAt: string | null;
  detectedAt: string | null;
  decidedAt: string | null;
  restoredAt: string | null;
  verifiedAt: string | null;
  /** Exposure → detection, simulated seconds. */
  mttdSeconds: number | null;
  /** Decision → verified restore, simulated seconds (the server's MTTR). */
  mttrSeconds: number | null;
  /** Decision → restore (the rollback run finished), simulated seconds. */
  restoreSeconds: number | null;
  firstTry: boolean | null;
  /** From the start of the deciding evaluation tick until the app's SDK applied the restore, real ms. */
  propagationMs: number | null;
  level: string;
  gates: string[];
  refusals: string[];
  steps: string[];
  cannotUndo: string[];
  blastRadius: {
    /** Requests and distinct keys the candidate served before the restore. */
    requests: number;
    keys: number;
    /** Outputs that failed the schema, and refunds issued automatically, on the candidate (the app's counts). */
    brokenOutputs: number;
    writesExecuted: number;
    source: string;
  };
  /** The server's verification of the restore (R7.2): its failures (none when it passed). */
  verificationFailures: string[] | null;
  /** R7.4 customer messages this rollback calls for, ready to send. */
  customerMessages: string[];
  source: string;
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
      /** Why the planner would not run the ticket's first rollback as written (R1.2). */
      rollbackRefusals: string[];
    }
  | { type: 'operator'; scenario: string; at: string; actor: string; action: string }
  /** Lines a scene prints as they are (the drill and chaos scene, drill-chaos-scene.ts). */
  | { type: 'note'; scenario: string; at: string; lines: string[] }
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
  | { type: 'timeline'; scenario: string; at: string; kind: string; actor: string; details: Record<string, unknown> }
  | { type: 'promoted'; scenario: string; at: string; production: string | null; previous: string | null }
  | {
      type: 'verification';
      scenario: string;
      at: string;
      /** The server verified the restore and every check of the application passed. */
      passed: boolean;
      /** The server's incident verification (R7.2), when it keeps incidents. */
      server: { status: string; failures: string[] } | null;
      /** What the application itself saw after the restore. */
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
