/**
 * One false-rollback budget α per release, shared by its gates (GATES.md "Outcomes"). ripcord
 * splits it evenly (Bonferroni) over the gates that can roll back on statistical evidence: the
 * union bound then keeps P(any such gate falsely breaches) ≤ α with no assumption about how the
 * gates' metrics correlate — and they do correlate (errors, latency and cost move together).
 * Delayed gates never act alone (R4.3), so they do not spend the budget; they test at the same
 * per-gate level so that the reviews they raise are as trustworthy as the automatic ones.
 */

/** A gate as far as the split cares. */
export interface AlphaClaim {
  name: string;
  /** Whether the gate runs a sequential test in its effective mode (`sequential` or `both`). */
  sequential: boolean;
  /** Whether a breach may act without a human (`immediate`/`rapid`). */
  acts: boolean;
}

/** Per-gate α: α / (number of acting sequential gates), the same level for delayed ones. */
export function splitAlpha(alpha: number, gates: readonly AlphaClaim[]): Map<string, number> {
  const spenders = gates.filter((g) => g.sequential && g.acts).length;
  const perGate = alpha / Math.max(spenders, 1);
  const out = new Map<string, number>();
  for (const gate of gates) if (gate.sequential) out.set(gate.name, perGate);
  return out;
}
