/**
 * The runbook and decision matrix of a workflow (R8.3, seed 000's decision matrix generator), as
 * data: built by runbook-build.ts from the stored Workflow, its release ticket and bundles;
 * rendered to Markdown and HTML by runbook-render.ts.
 */

/** One trigger of the decision matrix: a gate of the ticket. */
export interface MatrixRow {
  trigger: string;
  metric: string;
  /** The gate's condition with its real threshold, as the ticket writes it. */
  condition: string;
  severity: string;
  /** immediate and rapid gates roll back once breached; delayed ones raise a review. */
  decision: 'roll back now' | 'investigate';
  /** The level the planner gives this breach now. */
  level: string;
  /** The plan's first step for this breach. */
  firstAction: string;
  /** All steps, in order. */
  steps: string[];
  /** Who may run it: ripcord automatically, or which approvals it needs (R6). */
  approval: string;
  /** What must hold afterwards (R7.2). */
  verification: string;
  /** The customer message template that fits (R7.4), if users notice. */
  customerMessage: { id: string; title: string } | null;
}

/** The rollback procedure of one level, with its commands. */
export interface ProcedureLevel {
  level: string;
  status: 'planned' | 'escalated' | 'refused' | 'no-op';
  estimate: string;
  steps: string[];
  commands: string[];
  note: string | null;
}

/** The whole runbook. */
export interface Runbook {
  workflow: string;
  environment: string;
  criticality: string;
  /** The release ticket it is generated from (the newest active one, else the newest). */
  release: { id: string; name: string; status: string; control: string; candidate: string } | null;
  /**
   * Changes exactly when what it is generated from changes: a hash of the Workflow's and the
   * ticket's content hashes (apply re-generates it by changing them).
   */
  version: string;
  generatedAt: string;
  owners: { role: string; principals: string[] }[];
  matrix: MatrixRow[];
  /** What the matrix says when no gate is breached. */
  otherwise: string[];
  procedure: ProcedureLevel[];
  recovery: string[];
  communication: string[];
}
